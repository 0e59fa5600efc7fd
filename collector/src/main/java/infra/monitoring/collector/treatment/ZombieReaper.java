package infra.monitoring.collector.treatment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code reap_zombie_processes}: looks at the collector's own child processes, as the original
 * (which called {@code waitpid(-1, WNOHANG)}) could only affect those too. Java has no {@code
 * waitpid} for a process it did not start; the children the JVM starts are waited for by the JDK's
 * reaper thread as soon as they exit. So the action waits briefly for exited children to be reaped,
 * then reports honestly how many children there are and how many are still zombies. A zombie left
 * over is one the JVM cannot reap (typically an orphan adopted by a collector running as PID 1 in a
 * container): run the container with an init ({@code init: true}). Read-only, so a dry run does the
 * same.
 */
public final class ZombieReaper implements TreatmentAction {
  public static final String NAME = "reap_zombie_processes";

  private final Path procfs;

  public ZombieReaper() {
    this(Path.of("/proc"));
  }

  ZombieReaper(Path procfs) {
    this.procfs = procfs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome run(Context ctx) throws InterruptedException {
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    int zombies = 0;
    int reaped = 0;
    for (ProcessHandle c : children) {
      if (!isZombie(c.pid())) {
        continue;
      }
      // A child the JDK started is reaped by its reaper thread within moments of exiting.
      try {
        c.onExit().get(200, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // still there
      }
      if (isZombie(c.pid())) {
        zombies++;
      } else {
        reaped++;
      }
    }
    String result =
        children.size()
            + (children.size() == 1 ? " child process" : " child processes")
            + ", reaped "
            + reaped
            + ", zombies left "
            + zombies
            + (zombies > 0
                ? " (the JVM cannot wait for a process it did not start; run the collector"
                    + " under an init, e.g. compose init: true)"
                : "");
    return new Outcome(zombies == 0, result);
  }

  private boolean isZombie(long pid) {
    Character s = procState(pid);
    return s != null && s == 'Z';
  }

  /** Field 3 of {@code /proc/<pid>/stat}, after the parenthesised command name; null if gone. */
  private Character procState(long pid) {
    try {
      String stat =
          new String(
              Files.readAllBytes(procfs.resolve(Long.toString(pid)).resolve("stat")),
              StandardCharsets.US_ASCII);
      int close = stat.lastIndexOf(')');
      return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
