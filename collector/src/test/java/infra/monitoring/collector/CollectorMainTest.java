package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.files.TestModes;
import infra.monitoring.common.LogLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up paths that end before the daemon runs (in-process; the IT covers the real process). */
class CollectorMainTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return CollectorMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aBadSettingPrintsOneLineNamingItExitsTwoAndWritesNothing() {
    Path root = tmp.resolve("logs");
    int code = run("--log-root", root.toString(), "-i", "-1");
    assertThat(code).isEqualTo(2);
    String msg = err.toString(StandardCharsets.UTF_8);
    assertThat(msg).startsWith("collector: -i/--interval: expected").contains("'-1'");
    assertThat(msg.strip()).doesNotContain("\n");
    assertThat(root).doesNotExist();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void unknownOptionsAndStrayArgumentsAreRefused() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus");
    err.reset();
    assertThat(run("extra")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument 'extra'");
  }

  @Test
  void helpPrintsUsageAndExitsZeroWithoutTouchingTheDisk() {
    Path root = tmp.resolve("logs");
    assertThat(run("--help", "--log-root", root.toString())).isZero();
    String usage = out.toString(StandardCharsets.UTF_8);
    assertThat(usage).startsWith("usage: collector").contains("--interval", "--duration", "-v");
    assertThat(root).doesNotExist();
  }

  @Test
  void prepareCreatesTheLayoutAndRefusesAnUnusableRoot() throws Exception {
    LogLayout ok = new LogLayout(tmp.resolve("ok"));
    CollectorMain.prepare(ok);
    assertThat(ok.jsonDir()).isDirectory();
    assertThat(ok.archiveDir()).isDirectory();
    assertThat(ok.appDir()).isDirectory();
    Path file = Files.writeString(tmp.resolve("file"), "x");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CollectorMain.prepare(new LogLayout(file)))
        .isInstanceOf(java.io.IOException.class);
    // And run() turns that into one line and exit code 1.
    assertThat(run("--log-root", file.toString(), "-c", "1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("collector: cannot use the log root " + file);
  }

  @Test
  void theLogRootsDirectoriesAreCreatedWithTheDirectoryMode() throws Exception {
    LogLayout layout = new LogLayout(tmp.resolve("logs"));
    CollectorMain.prepare(layout);
    String mode = TestModes.expected("rwxr-x---", tmp);
    for (Path dir :
        List.of(
            layout.root(),
            layout.jsonDir(),
            layout.logDir(),
            layout.archiveDir(),
            layout.appDir())) {
      assertThat(TestModes.of(dir)).as(dir.toString()).isEqualTo(mode);
    }
  }
}
