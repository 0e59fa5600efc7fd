package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BondingSourceTest {

  @Test
  void slavesUpAreThoseWhoseMiiStatusIsUp() {
    assertThat(BondingSource.row("int", List.of("down\n", "up\n")))
        .isEqualTo(
            new Metrics.Row("int")
                .put(NetworkMetric.BOND_SLAVES, 2L)
                .put(NetworkMetric.BOND_ACTIVE, 1L));
  }

  @Test
  void nodeExportersFixtureSysfsWithOlderKernelsSlaveDirectories() throws Exception {
    Path sys = Fixtures.path("node_exporter/sys");
    Metrics m = new Metrics();
    new BondingSource(new HostPaths(sys, sys, null)).sample(m);
    assertThat(m.rows(RecordList.BONDS))
        .extracting(
            r ->
                r.id()
                    + " "
                    + r.integer(NetworkMetric.BOND_ACTIVE)
                    + "/"
                    + r.integer(NetworkMetric.BOND_SLAVES))
        .containsExactly("bond0 0/0", "dmz 2/2", "int 1/2");
  }

  @Test
  void currentKernelsLowerDirectoriesAndNoBondingDriver(@TempDir Path sys) throws Exception {
    HostPaths paths = new HostPaths(sys, sys, null);
    Metrics none = new Metrics();
    new BondingSource(paths).sample(none);
    assertThat(none.rows(RecordList.BONDS)).isEmpty();
    Path bond = sys.resolve("class/net/bond0");
    Files.createDirectories(bond.resolve("bonding"));
    Files.createDirectories(bond.resolve("lower_eth0/bonding_slave"));
    Files.writeString(sys.resolve("class/net/bonding_masters"), "bond0\n");
    Files.writeString(bond.resolve("bonding/slaves"), "eth0\n");
    Files.writeString(bond.resolve("lower_eth0/bonding_slave/mii_status"), "up\n");
    Metrics m = new Metrics();
    new BondingSource(paths).sample(m);
    assertThat(m.rows(RecordList.BONDS).get(0).integer(NetworkMetric.BOND_ACTIVE)).isEqualTo(1);
  }
}
