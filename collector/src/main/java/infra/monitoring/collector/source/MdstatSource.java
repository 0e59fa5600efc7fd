package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Software RAID arrays of {@code /proc/mdstat} ({@code md_arrays}), read as node_exporter 1.5's
 * mdadm collector (procfs 0.8's parser) reads them: state (active, inactive, or recovering, resync,
 * check while the array syncs), disks required, active, failed, spare, and blocks in sync. An array
 * the kernel prints as {@code active (read-only)} or {@code active (auto-read-only)} is active, as
 * node_exporter 1.5 (Debian's build) reports it. No {@code /proc/mdstat} (md driver not loaded) is
 * an empty list: there are no arrays.
 */
public final class MdstatSource implements Source {
  private static final Pattern STATUS =
      Pattern.compile("(\\d+) blocks .*\\[(\\d+)/(\\d+)\\] \\[([U_]+)\\]");
  private static final Pattern SYNCED = Pattern.compile("\\((\\d+)/\\d+\\)");

  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public MdstatSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "mdstat";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String text;
    try {
      text = reader.read(paths.proc("mdstat"));
    } catch (NoSuchFileException e) {
      text = "";
    }
    into.rows(RecordList.MD_ARRAYS, parse(text));
  }

  /** One row per array; a text this parser cannot read fails the source, naming the line. */
  static List<Metrics.Row> parse(String text) throws IOException {
    List<Metrics.Row> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()
          || line.charAt(0) == ' '
          || line.startsWith("Personalities")
          || line.startsWith("unused")) {
        continue;
      }
      String[] f = Parse.fields(line);
      if (f.length < 3 || i + 3 >= lines.length) {
        throw new IOException("mdstat: cannot read the array line '" + line + "'");
      }
      String state = f[2].startsWith("(") ? "active" : f[2];
      long failed = count(line, "(F)");
      long spare = count(line, "(S)");
      long[] status = status(line, lines[i + 1]);
      int syncAt = lines[i + 2].contains("bitmap") ? i + 3 : i + 2;
      String sync = lines[syncAt];
      long synced = status[3];
      if (sync.contains("recovery") || sync.contains("resync") || sync.contains("check")) {
        state =
            sync.contains("recovery") ? "recovering" : sync.contains("check") ? "check" : "resync";
        if (sync.contains("PENDING") || sync.contains("DELAYED")) {
          synced = 0;
        } else {
          Matcher m = SYNCED.matcher(sync);
          if (!m.find()) {
            throw new IOException("mdstat: cannot read the sync line of " + f[0] + ": " + sync);
          }
          synced = Long.parseLong(m.group(1));
        }
      }
      out.add(
          new Metrics.Row(f[0])
              .put(DiskMetric.MD_STATE, state)
              .put(DiskMetric.MD_DISKS_REQUIRED, status[1])
              .put(DiskMetric.MD_DISKS_ACTIVE, status[0])
              .put(DiskMetric.MD_DISKS_FAILED, failed)
              .put(DiskMetric.MD_DISKS_SPARE, spare)
              .put(DiskMetric.MD_BLOCKS, status[3])
              .put(DiskMetric.MD_BLOCKS_SYNCED, synced));
    }
    return out;
  }

  /**
   * Active, required and down disks and the size in blocks, from the array line and the status line
   * below it: raid0 and linear arrays have no [n/m] and count every member; an inactive array has
   * no disks in use.
   */
  private static long[] status(String arrayLine, String statusLine) throws IOException {
    String[] f = Parse.fields(statusLine);
    Long size = f.length == 0 ? null : Parse.longOrNull(f[0]);
    if (size == null) {
      throw new IOException("mdstat: cannot read the status line '" + statusLine.strip() + "'");
    }
    if (arrayLine.contains("raid0") || arrayLine.contains("linear")) {
      long members = count(arrayLine, "[");
      return new long[] {members, members, 0, size};
    }
    if (arrayLine.contains("inactive")) {
      return new long[] {0, 0, 0, size};
    }
    Matcher m = STATUS.matcher(statusLine);
    if (!m.find()) {
      throw new IOException("mdstat: cannot read the status line '" + statusLine.strip() + "'");
    }
    long down = m.group(4).chars().filter(c -> c == '_').count();
    return new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(2)), down, size};
  }

  private static long count(String s, String what) {
    long n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
