package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LogLayoutTest {
  @Test
  void namesAndDates() {
    LogLayout l = new LogLayout(Path.of("/r"));
    assertThat(l.feedFile(LocalDate.of(2026, 11, 23)))
        .isEqualTo(Path.of("/r/json/monitoring-2026-11-23.jsonl"));
    assertThat(LogLayout.dateOf("average_metric_safe-2026-11-23.log"))
        .contains(LocalDate.of(2026, 11, 23));
    assertThat(LogLayout.dateOf("monitoring-2026-11-23.jsonl.gz"))
        .contains(LocalDate.of(2026, 11, 23));
    assertThat(LogLayout.dateOf("monitoring-2026-13-45.jsonl")).isEmpty();
    assertThat(LogLayout.dateOf("collector.json")).isEmpty();
    assertThat(LogLayout.isSafe("average_metric_safe-2026-11-23.log")).isTrue();
    assertThat(LogLayout.isSafe("monitoring-2026-11-23.jsonl")).isFalse();
    assertThat(LogLayout.isFeedFile("monitoring-2026-11-23.jsonl")).isTrue();
    assertThat(LogLayout.isFeedFile("monitoring-2026-11-23.jsonl.gz")).isFalse();
    assertThat(LogLayout.isFeedFile("monitoring-hourly-2026-11-23.jsonl")).isFalse();
    assertThat(LogLayout.isFeedFile("average_metric-2026-11-23.jsonl")).isFalse();
  }
}
