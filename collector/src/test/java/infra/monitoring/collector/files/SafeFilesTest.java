package infra.monitoring.collector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {
  @TempDir Path dir;
  private Path victim;

  @BeforeEach
  void victim() throws IOException {
    // Somebody else's file outside the collector's directories.
    victim = dir.resolve("secret");
    Files.writeString(victim, "private\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void restore() {
    FileModes.use(FileModes.DEFAULT);
  }

  private void assertVictimUntouched() throws IOException {
    assertThat(Files.readString(victim)).isEqualTo("private\n");
    assertThat(TestModes.of(victim)).isEqualTo("rw-------");
  }

  private static void write(FileChannel ch, String s) throws IOException {
    ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void newFilesAndDirectoriesGetTheModesOfTheUmask() throws IOException {
    Path nested = dir.resolve("a/b");
    SafeFiles.createDirectories(nested);
    try (FileChannel ch = SafeFiles.openAppend(nested.resolve("feed.jsonl"))) {
      write(ch, "x\n");
    }
    SafeFiles.createNew(nested.resolve("new")).close();
    String dirMode = TestModes.expected("rwxr-x---", dir);
    String fileMode = TestModes.expected("rw-r-----", dir);
    assertThat(TestModes.of(dir.resolve("a"))).isEqualTo(dirMode);
    assertThat(TestModes.of(nested)).isEqualTo(dirMode);
    assertThat(TestModes.of(nested.resolve("feed.jsonl"))).isEqualTo(fileMode);
    assertThat(TestModes.of(nested.resolve("new"))).isEqualTo(fileMode);

    FileModes.use(new FileModes(0077));
    SafeFiles.createDirectories(dir.resolve("c"));
    SafeFiles.openAppend(dir.resolve("c/private")).close();
    assertThat(TestModes.of(dir.resolve("c"))).isEqualTo(TestModes.expected("rwx------", dir));
    assertThat(TestModes.of(dir.resolve("c/private")))
        .isEqualTo(TestModes.expected("rw-------", dir));
  }

  @Test
  void anExistingFileKeepsItsMode() throws IOException {
    Path f = dir.resolve("old.jsonl");
    Files.writeString(f, "a\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
    SafeFiles.openAppend(f).close();
    assertThat(TestModes.of(f)).isEqualTo("rw-rw-r--");
  }

  @Test
  void aLinkIsNeitherReadNorWrittenThrough() throws IOException {
    Path link = dir.resolve("monitoring-2026-11-22.jsonl");
    Files.createSymbolicLink(link, victim);
    assertThatThrownBy(() -> SafeFiles.openRead(link))
        .isInstanceOf(SafeFiles.NotRegularFileException.class)
        .hasMessageContaining(link.toString())
        .hasMessageContaining("a symbolic link");
    assertThatThrownBy(() -> SafeFiles.openAppend(link))
        .isInstanceOf(SafeFiles.NotRegularFileException.class);
    assertThatThrownBy(() -> SafeFiles.readSmall(link, 100))
        .isInstanceOf(SafeFiles.NotRegularFileException.class);
    assertThatThrownBy(() -> SafeFiles.createNew(link))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertVictimUntouched();
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aDanglingLinkIsNotCreatedThrough() throws IOException {
    Path target = dir.resolve("would-be-created");
    Path link = dir.resolve("state.json.tmp");
    Files.createSymbolicLink(link, target);
    assertThatThrownBy(() -> SafeFiles.openAppend(link))
        .isInstanceOf(SafeFiles.NotRegularFileException.class);
    assertThatThrownBy(() -> SafeFiles.createNew(link))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void directoriesAndFifosAreRefusedWithoutBlocking() throws Exception {
    assertThatThrownBy(() -> SafeFiles.openRead(dir))
        .isInstanceOf(SafeFiles.NotRegularFileException.class)
        .hasMessageContaining("a directory");
    Path fifo = dir.resolve("monitoring-2026-11-21.jsonl");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
    // Opening a FIFO for reading would wait for a writer forever; it is refused first.
    assertThatThrownBy(() -> SafeFiles.openRead(fifo))
        .isInstanceOf(SafeFiles.NotRegularFileException.class)
        .hasMessageContaining("a device or FIFO");
    assertThatThrownBy(() -> SafeFiles.openAppend(fifo))
        .isInstanceOf(SafeFiles.NotRegularFileException.class);
  }

  @Test
  void temporaryNamesAreRandomAndNextToTheTarget() {
    Path target = dir.resolve("hourly_summary.json");
    Path a = SafeFiles.temporarySibling(target);
    Path b = SafeFiles.temporarySibling(target);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.getParent()).isEqualTo(dir);
    assertThat(a.getFileName().toString()).matches("hourly_summary\\.json\\.[0-9a-f]{32}\\.tmp");
  }

  @Test
  void aSmallFileIsReadWholeAndALargerOneRefused() throws IOException {
    Path f = dir.resolve("state.json");
    Files.writeString(f, "{\"a\": 1}");
    assertThat(new String(SafeFiles.readSmall(f, 8), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\": 1}");
    assertThatThrownBy(() -> SafeFiles.readSmall(f, 7))
        .hasMessage(f + ": larger than 7 bytes: not read");
  }

  private static FileModes load(String value) {
    return FileModes.load(
        SettingsSource.load(
            new String[0], Map.of("MONITORING_UMASK", value), List.of(), Path.of("/nonexistent")));
  }

  @Test
  void theUmaskSettingIsOctalAndLeavesTheOwnerAllRights() {
    assertThat(load("027")).isEqualTo(new FileModes(0027));
    assertThat(load("0077").umask()).isEqualTo(0077);
    assertThat(load("22").umask()).isEqualTo(0022);
    assertThat(load("0").umask()).isZero();
    assertThat(PosixFilePermissions.toString(load("077").file())).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(load("002").directory())).isEqualTo("rwxrwxr-x");
    for (String bad : List.of("", "abc", "8", "0800", "1777", "700", "0200", "u=rwx")) {
      assertThatThrownBy(() -> load(bad))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "MONITORING_UMASK: expected an octal umask that leaves the owner all rights, such as"
                  + " 027 or 077, got '"
                  + bad
                  + "'");
    }
  }
}
