package infra.monitoring.collector.applog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeLineFileTest {
  @TempDir Path dir;

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void entriesAreAppendedAndAPartialLastLineIsDroppedAtOpening() throws Exception {
    Path log = dir.resolve("app/collector.json");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "{\"a\":1}\n{\"cut\":");
    WholeLineFile f = new WholeLineFile(log);
    assertThat(f.writeEntry(bytes("{\"b\":2}\n"))).isTrue();
    f.close();
    assertThat(Files.readString(log)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }

  @Test
  void aFileWithoutAnyNewlineIsEmptiedAndATooLongLastLineClosedOff() throws Exception {
    Path log = dir.resolve("x.json");
    Files.writeString(log, "{\"cut\":");
    try (FileChannel ch =
        FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      WholeLineFile.repairTail(ch);
    }
    assertThat(Files.size(log)).isZero();
    Files.writeString(log, "{}\n" + "x".repeat(WholeLineFile.REPAIR_WINDOW + 10));
    try (FileChannel ch =
        FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      WholeLineFile.repairTail(ch);
    }
    assertThat(Files.readString(log)).endsWith("x\n");
  }

  @Test
  void anEntryThatCannotBeWrittenIsCountedAndNothingOfItStays() throws Exception {
    Path log = dir.resolve("gone/collector.json");
    Files.createDirectories(log.getParent());
    Files.writeString(dir.resolve("blocker"), "a file where the directory should be");
    WholeLineFile f = new WholeLineFile(dir.resolve("blocker/collector.json"));
    assertThat(f.writeEntry(bytes("{}\n"))).isFalse();
    assertThat(f.writeEntry(bytes("{}\n"))).isFalse();
    assertThat(f.takeDropped()).isEqualTo(2);
    assertThat(f.lastError()).contains("blocker");
    assertThat(f.takeDropped()).isZero();
  }
}
