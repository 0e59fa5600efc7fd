package infra.monitoring.collector.treatment;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleanup under attack: links swapped in while it runs, a directory others can write to. */
class TempCleanupTest {
  static final int ITERATIONS = 100;
  final Instant now = Instant.now();

  @TempDir Path dir;

  TreatmentAction.Context ctx(boolean dry) {
    return new TreatmentAction.Context(
        now, "disk_percent", new Metrics(), new Thresholds(Thresholds.defaults()), dry);
  }

  void old(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(30))));
  }

  Path oldFile(Path p) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, p.getFileName().toString());
    old(p);
    return p;
  }

  /** Every path under {@code root} with its content (files) or "dir", and its mtime. */
  static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String what =
            Files.isDirectory(p)
                ? "dir"
                : new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        out.put(root.relativize(p).toString(), what + " " + Files.getLastModifiedTime(p));
      }
    }
    return out;
  }

  /** Holds a state for a few microseconds (a random number of spins). */
  static void pause(java.util.Random random) {
    for (int n = random.nextInt(2000); n > 0; n--) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aLinkSwappedInDuringTheWalkNeverLetsItTouchAnythingOutside() throws Exception {
    // Outside: old files and an old subdirectory, everything the cleanup would delete if it got
    // there.
    // Its names are those of the cleanup directory's, so that a path resolved through a link
    // swapped in at any moment names a file of the victim.
    Path victim = dir.resolve("victim");
    for (int f = 0; f < 10; f++) {
      oldFile(victim.resolve("f" + f));
      oldFile(victim.resolve("deep/f" + f));
    }
    old(victim.resolve("deep"));
    old(victim);
    Map<String, String> before = snapshot(victim);
    Path clean = Files.createDirectory(dir.resolve("clean"));
    Path sub = clean.resolve("sub");
    Path aside = clean.resolve("sub.aside");
    Path top = clean.resolve("top.tmp");
    Path topAside = clean.resolve("top.aside");
    AtomicInteger swaps = new AtomicInteger();
    int deletedSomething = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      for (int f = 0; f < 10; f++) {
        oldFile(sub.resolve("deep/f" + f));
        oldFile(sub.resolve("f" + f));
      }
      old(sub.resolve("deep"));
      old(sub);
      oldFile(top);
      AtomicBoolean stop = new AtomicBoolean();
      java.util.Random random = new java.util.Random(i);
      Thread racer =
          new Thread(
              () -> {
                // Swaps the subdirectory and a top-level file for links to the victim, and back.
                while (!stop.get()) {
                  try {
                    Files.move(sub, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(sub, victim);
                    if (Files.exists(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                      Files.move(top, topAside, StandardCopyOption.ATOMIC_MOVE);
                      Files.createSymbolicLink(top, victim.resolve("f0"));
                    }
                    swaps.incrementAndGet();
                    pause(random);
                    Files.delete(sub);
                    Files.move(aside, sub, StandardCopyOption.ATOMIC_MOVE);
                    if (Files.exists(topAside, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                      Files.deleteIfExists(top);
                      Files.move(topAside, top, StandardCopyOption.ATOMIC_MOVE);
                    }
                    pause(random);
                  } catch (Exception e) {
                    // the cleanup deleted what was to be moved: the next round tries again
                  }
                }
              });
      racer.start();
      TreatmentAction.Outcome o = new TempCleanup(clean, 7).run(ctx(false));
      stop.set(true);
      racer.join();
      if (o.result().startsWith("deleted") && !o.result().startsWith("deleted 0 files")) {
        deletedSomething++;
      }
      assertThat(snapshot(victim)).as("iteration %d: %s", i, o.result()).isEqualTo(before);
      // Reset the cleanup directory for the next round (links included, without following).
      try (Stream<Path> s = Files.walk(clean)) {
        s.sorted(java.util.Comparator.reverseOrder())
            .filter(p -> !p.equals(clean))
            .forEach(
                p -> {
                  try {
                    Files.delete(p);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
      }
    }
    // The race really ran: links were swapped in, and the cleanup did delete inside.
    assertThat(swaps.get()).isGreaterThan(ITERATIONS);
    assertThat(deletedSomething).isGreaterThan(ITERATIONS / 2);
  }

  @Test
  void aDirectoryOthersCanWriteToIsRefused() throws Exception {
    Path clean = Files.createDirectory(dir.resolve("shared"));
    Path f = oldFile(clean.resolve("a.tmp"));
    Files.setPosixFilePermissions(clean, PosixFilePermissions.fromString("rwxrwxr-x"));
    TreatmentAction.Outcome o = new TempCleanup(clean, 7).run(ctx(false));
    assertThat(o.ok()).isFalse();
    assertThat(o.result()).contains("writable by its group or by other users").contains("refusing");
    assertThat(f).exists();
    Files.setPosixFilePermissions(clean, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(new TempCleanup(clean, 7).run(ctx(false)).ok()).isTrue();
    assertThat(f).doesNotExist();
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws Exception {
    Path clean = Files.createDirectory(dir.resolve("theirs"));
    var view =
        Files.getFileAttributeView(clean, java.nio.file.attribute.PosixFileAttributeView.class);
    var attrs = view.readAttributes();
    var someoneElse =
        new java.nio.file.attribute.UserPrincipal() {
          @Override
          public String getName() {
            return "someone-else";
          }
        };
    assertThat(TempCleanup.writableByOthers(attrs, attrs.owner())).isNull();
    assertThat(TempCleanup.writableByOthers(attrs, someoneElse))
        .satisfiesAnyOf(
            why -> assertThat(why).isNull(), // the test runs as root: root's directories are fine
            why -> assertThat(why).contains("not to this process's user"));
    if (!attrs.owner().getName().equals("root")) {
      assertThat(TempCleanup.writableByOthers(attrs, someoneElse)).contains("belongs to");
    }
  }

  @Test
  void theDeviceOfAFileKeyTellsFilesystemsApart() throws Exception {
    Object key =
        Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    assertThat(CleanupWalk.device(key)).isNotNull();
    assertThat(CleanupWalk.device("(dev=803,ino=12)")).isEqualTo("803");
    Object proc =
        Files.readAttributes(Path.of("/proc"), java.nio.file.attribute.BasicFileAttributes.class)
            .fileKey();
    assertThat(CleanupWalk.device(proc)).isNotEqualTo(CleanupWalk.device(key));
    assertThat(CleanupWalk.device("opaque")).isNull();
  }
}
