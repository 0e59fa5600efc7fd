package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code files} and {@code files_free} of every filesystem of the {@code disks} list (the same
 * mount points as the disk source, from the same table), as node_exporter's {@code
 * node_filesystem_files} and {@code node_filesystem_files_free}: statvfs(3) through JNA, since
 * neither the JDK's {@code FileStore} nor procfs gives inodes, and OSHI's {@code OSFileStore} would
 * fork {@code lsblk} to list them. One system call per filesystem and run, no child process; its
 * own, slower interval than space (inodes run out over hours). Its rows are joined to the disk
 * source's by mount point.
 */
public final class InodeSource implements Source {

  /** statvfs(3) as the source uses it, so that tests can stand in for the C library. */
  interface Statvfs {
    /** Total and free inodes of the filesystem holding {@code path}. */
    long[] inodes(String path) throws IOException;
  }

  private record Target(String mount, String path) {}

  private final HostPaths paths;
  private final Statvfs statvfs;
  private final ProcReader reader = new ProcReader();
  private String lastTable;
  private List<Target> targets = List.of();

  public InodeSource(HostPaths paths) {
    this(paths, Libc::inodes);
  }

  InodeSource(HostPaths paths, Statvfs statvfs) {
    this.paths = paths;
    this.statvfs = statvfs;
  }

  @Override
  public String name() {
    return "inodes";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String table = DiskSource.readMountTable(paths, reader);
    if (!table.equals(lastTable)) {
      List<Target> t = new ArrayList<>();
      for (DiskSource.Mount m : DiskSource.realFilesystems(DiskSource.parseMounts(table))) {
        Path p = DiskSource.directory(paths, m);
        if (p != null) {
          t.add(new Target(m.mountPoint(), p.toString()));
        }
      }
      targets = List.copyOf(t);
      lastTable = table;
    }
    List<Metrics.Row> rows = new ArrayList<>(targets.size());
    IOException first = null;
    for (Target t : targets) {
      try {
        Metrics.Row r = row(t.mount(), statvfs.inodes(t.path()));
        if (r != null) {
          rows.add(r);
        }
      } catch (IOException e) {
        first = first == null ? e : first; // unmounted since the table was read: left out
      }
    }
    if (rows.isEmpty() && first != null) {
      throw first; // not one filesystem answered: JNA cannot load, or statvfs fails everywhere
    }
    into.rows(RecordList.DISKS, rows);
  }

  /**
   * A row from statvfs's {@code f_files} and {@code f_ffree}; a filesystem without a fixed inode
   * table (btrfs reports 0) still gets its row, with the kernel's figures, as node_exporter does.
   */
  static Metrics.Row row(String mount, long[] inodes) {
    if (inodes == null || inodes.length != 2 || inodes[0] < 0 || inodes[1] < 0) {
      return null;
    }
    return new Metrics.Row(mount)
        .put(DiskMetric.MOUNT_FILES, inodes[0])
        .put(DiskMetric.MOUNT_FILES_FREE, inodes[1]);
  }
}
