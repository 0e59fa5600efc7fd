package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FileHandlesSourceTest {

  @Test
  void readsAllocatedAndMaximumAsNodeExporterDoes() throws IOException {
    // node_exporter's collector/fixtures/proc/sys/fs/file-nr gives node_filefd_allocated 1024 and
    // node_filefd_maximum 1.631329e+06 in its e2e-output.txt.
    assertThat(FileHandlesSource.parseFileNr("1024\t0\t1631329\n")).containsExactly(1024, 1631329);
    // 64-bit kernels print LONG_MAX when fs.file-max is unlimited.
    assertThat(FileHandlesSource.parseFileNr("9184 0 9223372036854775807"))
        .containsExactly(9184, Long.MAX_VALUE);
  }

  @Test
  void anythingElseFailsTheSourceWithTheText() {
    assertThatThrownBy(() -> FileHandlesSource.parseFileNr("1024 0"))
        .isInstanceOf(IOException.class)
        .hasMessage("file-nr: expected three numbers, got '1024 0'");
    assertThatThrownBy(() -> FileHandlesSource.parseFileNr("a b c"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void usedPercentIsTheAllocatedShareOfTheMaximum() {
    assertThat(FileHandlesSource.usedPercent(700, 1000)).isEqualTo(70.0);
    assertThat(FileHandlesSource.usedPercent(1024, 1631329)).isEqualTo(0.06);
    assertThat(FileHandlesSource.usedPercent(9184, Long.MAX_VALUE)).isEqualTo(0.0);
    assertThat(FileHandlesSource.usedPercent(5, 0)).isNull();
  }
}
