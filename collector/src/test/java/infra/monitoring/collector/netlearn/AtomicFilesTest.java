package infra.monitoring.collector.netlearn;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.files.TestModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;
  private Path state;
  private Path victim;

  @BeforeEach
  void setUp() throws IOException {
    state = dir.resolve("state");
    Files.createDirectory(state);
    victim = dir.resolve("victim");
    Files.writeString(victim, "private\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
  }

  private Stream<String> names() throws IOException {
    return Files.list(state).map(p -> p.getFileName().toString()).sorted();
  }

  @Test
  void writesANewFileWithTheFileModeAndLeavesNoTemporaryFile() throws IOException {
    Path target = state.resolve("network_usage.json");
    AtomicFiles.write(target, "{}".getBytes(StandardCharsets.UTF_8), true);
    AtomicFiles.write(target, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), false);
    assertThat(Files.readString(target)).isEqualTo("{\"a\": 1}");
    assertThat(TestModes.of(target)).isEqualTo(TestModes.expected("rw-r-----", dir));
    try (Stream<String> s = names()) {
      assertThat(s).containsExactly("network_usage.json");
    }
  }

  @Test
  void aLinkPlantedAtTheOldFixedTemporaryNameIsNotWrittenThrough() throws IOException {
    Path target = state.resolve("hourly_summary.json");
    Files.createSymbolicLink(state.resolve("hourly_summary.json.tmp"), victim);
    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8), false);
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Files.readString(victim)).isEqualTo("private\n");
    assertThat(TestModes.of(victim)).isEqualTo("rw-------");
  }

  @Test
  void aLinkAtTheTargetIsReplacedNotFollowed() throws IOException {
    Path target = state.resolve("post_treatment_history.jsonl");
    Files.createSymbolicLink(target, victim);
    AtomicFiles.write(target, "line\n".getBytes(StandardCharsets.UTF_8), false);
    assertThat(Files.isSymbolicLink(target)).isFalse();
    assertThat(Files.readString(target)).isEqualTo("line\n");
    assertThat(Files.readString(victim)).isEqualTo("private\n");
  }

  @Test
  void createsTheStateDirectoryWithTheDirectoryMode() throws IOException {
    Path target = dir.resolve("new-state/sub/file.json");
    AtomicFiles.write(target, new byte[] {'1'}, false);
    assertThat(TestModes.of(dir.resolve("new-state")))
        .isEqualTo(TestModes.expected("rwxr-x---", dir));
    assertThat(TestModes.of(dir.resolve("new-state/sub")))
        .isEqualTo(TestModes.expected("rwxr-x---", dir));
  }
}
