package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConntrackSourceTest {

  @Test
  void entriesLimitAndUsedShareFromNodeExportersFixtureFiles() throws IOException {
    Metrics m =
        ConntrackSource.parse(
            Fixtures.text("node_exporter/proc/sys/net/netfilter/nf_conntrack_count"),
            Fixtures.text("node_exporter/proc/sys/net/netfilter/nf_conntrack_max"));
    assertThat(m.integer(NetworkMetric.CONNTRACK_ENTRIES)).isEqualTo(123);
    assertThat(m.integer(NetworkMetric.CONNTRACK_LIMIT)).isEqualTo(65536);
    assertThat(m.number(NetworkMetric.CONNTRACK_USED_PERCENT)).isEqualTo(0.19);
    assertThat(
            ConntrackSource.parse("49152\n", "65536\n")
                .number(NetworkMetric.CONNTRACK_USED_PERCENT))
        .isEqualTo(75.0);
  }

  @Test
  void withoutTheModuleEverythingIsNullAndTheSourceSucceeds(@TempDir Path proc) throws Exception {
    Metrics m = new Metrics();
    new ConntrackSource(new HostPaths(proc, proc, null)).sample(m);
    assertThat(m.get(NetworkMetric.CONNTRACK_ENTRIES)).isNull();
    assertThat(m.get(NetworkMetric.CONNTRACK_USED_PERCENT)).isNull();
  }

  @Test
  void aTextThatIsNoNumberFailsTheSourceWithTheText() {
    assertThatThrownBy(() -> ConntrackSource.parse("x\n", "65536\n"))
        .hasMessage("nf_conntrack_count/max: expected numbers, got 'x' and '65536'");
  }
}
