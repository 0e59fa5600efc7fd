package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** monitoring_host_info: one series per record, whatever its host, so that joins on it match. */
class HostInfoTest {

  static List<Family.Sample> info(String host) {
    FeedRecord m = TestRecords.minimal(TestRecords.T0, 1);
    FeedRecord r =
        new FeedRecord(
            m.ts(),
            m.level(),
            m.msg(),
            m.state(),
            m.timestamp(),
            m.metrics(),
            host,
            List.of(),
            Map.of());
    return RecordFamilies.HOST_INFO.samples(r);
  }

  @Test
  void theRecordsHostIsTheLabel() {
    assertThat(info("web-1")).containsExactly(new Family.Sample(List.of("web-1"), 1.0));
  }

  @Test
  void aRecordWithoutAHostStillGivesTheSeriesWithAnEmptyHost() {
    assertThat(info(null)).containsExactly(new Family.Sample(List.of(""), 1.0));
    assertThat(info("  ")).containsExactly(new Family.Sample(List.of(""), 1.0));
  }
}
