package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bonding interfaces ({@code bonds}), as node_exporter's bonding collector reads them from sysfs:
 * the masters of {@code class/net/bonding_masters}, the slaves of each {@code <master>/bonding/
 * slaves}, and a slave is active when its {@code bonding_slave/mii_status} (under {@code
 * lower_<slave>}, or {@code slave_<slave>} on older kernels) is {@code up}: the bonding driver's
 * own link monitoring, which decides whether it sends on the slave, rather than the slave's
 * operstate. No {@code bonding_masters} (bonding driver not loaded) is an empty list: there are no
 * bonds.
 */
public final class BondingSource implements Source {
  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public BondingSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "bonding";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String masters;
    try {
      masters = reader.read(paths.sys("class/net/bonding_masters"));
    } catch (NoSuchFileException e) {
      into.rows(RecordList.BONDS, List.of());
      return;
    }
    List<Metrics.Row> rows = new ArrayList<>();
    for (String master : Parse.fields(masters)) {
      String[] slaves =
          Parse.fields(reader.read(paths.sys("class/net/" + master + "/bonding/slaves")));
      List<String> states = new ArrayList<>(slaves.length);
      for (String slave : slaves) {
        String mii =
            reader.readOrNull(
                paths.sys("class/net/" + master + "/lower_" + slave + "/bonding_slave/mii_status"));
        if (mii == null) {
          mii =
              reader.read(
                  paths.sys(
                      "class/net/" + master + "/slave_" + slave + "/bonding_slave/mii_status"));
        }
        states.add(mii);
      }
      rows.add(row(master, states));
    }
    into.rows(RecordList.BONDS, rows);
  }

  /** A master's row from the MII status texts of its slaves. */
  static Metrics.Row row(String master, List<String> miiStatus) {
    long up = miiStatus.stream().filter(s -> s.strip().equals("up")).count();
    return new Metrics.Row(master)
        .put(NetworkMetric.BOND_SLAVES, (long) miiStatus.size())
        .put(NetworkMetric.BOND_ACTIVE, up);
  }
}
