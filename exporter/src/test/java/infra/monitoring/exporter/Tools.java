package infra.monitoring.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External programs the ITs drive (curl, promtool, prometheus): found on the PATH or absent. */
final class Tools {
  private Tools() {}

  /** The program's path, or null when it is not installed. */
  static String find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return Files.isExecutable(Path.of("/usr/bin", name)) ? "/usr/bin/" + name : null;
  }

  /** Exit status and the merged output of a command run to completion (60 s at most). */
  record Result(int exit, String output) {}

  static Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(cwd, "cmd", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish: " + command);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
