package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every real filesystem in the {@code disks} list ({@code mount, used_bytes, total_bytes, percent,
 * avail_bytes}, and {@code readonly} from its mount options as node_exporter decides it; the inode
 * source adds {@code files, files_free} to the same rows), and the top-level {@code disk_*} keys
 * for {@code MONITORING_DISK_MOUNT} ({@code /} by default). The mount table (the host's {@code
 * <procfs>/1/mounts} under a host view, as node_exporter; else this process's own) is re-parsed
 * only when its text changes; sizes come from statvfs through {@link FileStore} on each run, with
 * no child process. Used = total - free, percent = used / (used + available to unprivileged users),
 * as {@code df} and psutil. Mount points are resolved under {@code MONITORING_PATH_ROOTFS} when set
 * and reported as the host sees them.
 */
public final class DiskSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSource.class);

  /**
   * Filesystem types that are not disks: node_exporter's default {@code fs-types-exclude}, plus
   * memory-backed ones (tmpfs, ramfs: counted under memory) and network filesystems (a dead server
   * makes statvfs hang, and the sampling thread must never block).
   */
  static final Set<String> EXCLUDED_TYPES =
      Set.of(
          "autofs",
          "binfmt_misc",
          "bpf",
          "cgroup",
          "cgroup2",
          "configfs",
          "debugfs",
          "devpts",
          "devtmpfs",
          "fusectl",
          "hugetlbfs",
          "iso9660",
          "mqueue",
          "nsfs",
          "overlay",
          "proc",
          "procfs",
          "pstore",
          "rpc_pipefs",
          "securityfs",
          "selinuxfs",
          "squashfs",
          "erofs",
          "sysfs",
          "tracefs",
          "tmpfs",
          "ramfs",
          "efivarfs",
          "fuse.lxcfs",
          "fuse.portal",
          "fuse.gvfsd-fuse",
          "nfs",
          "nfs4",
          "cifs",
          "smb3",
          "smbfs",
          "9p",
          "fuse.sshfs",
          "ceph",
          "glusterfs",
          "fuse.glusterfs",
          "afs");

  /** node_exporter's default {@code mount-points-exclude}. */
  static final Pattern EXCLUDED_MOUNTS =
      Pattern.compile(
          "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");

  /** One line of a mount table. */
  record Mount(String device, String mountPoint, String type, String options) {
    /** Mounted read-only: {@code ro} among the options, as node_exporter decides. */
    boolean readOnly() {
      for (String o : options.split(",")) {
        if (o.equals("ro")) {
          return true;
        }
      }
      return false;
    }
  }

  private record Store(String mount, FileStore store, boolean readOnly) {}

  private final HostPaths paths;
  private final String diskMount;
  private final ProcReader reader = new ProcReader();
  private String lastTable;
  private List<Store> stores = List.of();
  private FileStore mainStore;

  public DiskSource(HostPaths paths, String diskMount) {
    this.paths = paths;
    this.diskMount = diskMount;
  }

  @Override
  public String name() {
    return "disk";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String table = readMountTable();
    if (!table.equals(lastTable)) {
      stores = open(realFilesystems(parseMounts(table)));
      lastTable = table;
      mainStore = null; // the configured mount may now be on another filesystem
    }
    List<Metrics.Row> disks = new ArrayList<>(stores.size());
    for (Store s : stores) {
      Metrics.Row d = measure(s.mount(), s.store());
      if (d != null) {
        disks.add(d.put(DiskMetric.MOUNT_READONLY, s.readOnly()));
      }
    }
    into.rows(RecordList.DISKS, disks);
    if (mainStore == null) {
      mainStore = Files.getFileStore(paths.root(diskMount));
    }
    Metrics.Row main = measure(diskMount, mainStore);
    if (main != null) {
      into.put(DiskMetric.DISK_USED_BYTES, main.get(DiskMetric.MOUNT_USED_BYTES));
      into.put(DiskMetric.DISK_TOTAL_BYTES, main.get(DiskMetric.MOUNT_TOTAL_BYTES));
      into.put(DiskMetric.DISK_PERCENT, main.get(DiskMetric.MOUNT_PERCENT));
    } else {
      mainStore = null; // look it up again next time
    }
  }

  /**
   * Under a host view (a procfs other than this system's {@code /proc}), the host's table {@code
   * <procfs>/1/mounts} only, as node_exporter, with its mount points found under the rootfs (or
   * {@code /}): never this process's own table ({@code self/mounts}, and {@code mounts}, a link to
   * it), which would report the container's filesystems as the host's. A host view without that
   * file is a failed source. Without a host view, this process's own table, whose mount points are
   * the ones it can measure.
   */
  private String readMountTable() throws IOException {
    return readMountTable(paths, reader);
  }

  /** The mount table this source reads (see {@link #readMountTable()}), for the inode source. */
  static String readMountTable(HostPaths paths, ProcReader reader) throws IOException {
    if (paths.hostProc()) {
      return reader.read(paths.proc("1/mounts"));
    }
    String table = reader.readOrNull(paths.proc("self/mounts"));
    return table != null ? table : reader.read(paths.proc("mounts"));
  }

  private List<Store> open(List<Mount> mounts) {
    List<Store> out = new ArrayList<>();
    for (Mount m : mounts) {
      Path p = directory(paths, m);
      try {
        if (p != null) {
          out.add(new Store(m.mountPoint(), Files.getFileStore(p), m.readOnly()));
        }
      } catch (IOException | SecurityException e) {
        // unreadable mount point: left out
      }
    }
    return List.copyOf(out);
  }

  /**
   * Where a mount point of the table is found (under the rootfs when one is set), or null when it
   * is not a directory this JVM can name: bind-mounted files ({@code /etc/hosts} in a container)
   * are no disks.
   */
  static Path directory(HostPaths paths, Mount m) {
    try {
      Path p = paths.root(m.mountPoint());
      return Files.isDirectory(p) ? p : null;
    } catch (SecurityException e) {
      return null;
    } catch (InvalidPathException e) {
      // A JVM started under a non-UTF-8 locale (LANG=C) cannot name a non-ASCII path at all.
      LOG.warn(
          "mount point {} left out: this JVM cannot name it in its file-name encoding {};"
              + " start the collector under a UTF-8 locale (LANG=C.UTF-8)",
          m.mountPoint(),
          System.getProperty("sun.jnu.encoding"));
      return null;
    }
  }

  private static Metrics.Row measure(String mount, FileStore store) {
    try {
      long total = store.getTotalSpace();
      long free = store.getUnallocatedSpace();
      long avail = store.getUsableSpace();
      return usage(mount, total, free, avail);
    } catch (IOException | SecurityException e) {
      return null; // unmounted since the table was read
    }
  }

  /** A disk entry from statvfs figures in bytes; null for a filesystem with no size. */
  static Metrics.Row usage(String mount, long total, long free, long avail) {
    if (total <= 0) {
      return null;
    }
    long used = Math.max(0, total - free);
    long denominator = used + Math.max(0, avail);
    double percent = denominator == 0 ? 0.0 : Parse.round(100.0 * used / denominator, 1);
    return new Metrics.Row(mount)
        .put(DiskMetric.MOUNT_USED_BYTES, used)
        .put(DiskMetric.MOUNT_TOTAL_BYTES, total)
        .put(DiskMetric.MOUNT_PERCENT, Parse.clampPercent(percent))
        .put(DiskMetric.MOUNT_AVAIL_BYTES, Math.max(0, avail));
  }

  /**
   * Lines of {@code /proc/mounts}: device, mount point (octal escapes decoded), type, options
   * (empty when the line has none).
   */
  static List<Mount> parseMounts(String text) {
    List<Mount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = Parse.fields(line);
      if (f.length >= 3) {
        out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2], f.length > 3 ? f[3] : ""));
      }
    }
    return out;
  }

  /** The real filesystems of a mount table, each device once (its first mount point). */
  static List<Mount> realFilesystems(List<Mount> mounts) {
    List<Mount> out = new ArrayList<>();
    Set<String> devices = new HashSet<>();
    Set<String> points = new HashSet<>();
    for (Mount m : mounts) {
      if (EXCLUDED_TYPES.contains(m.type())
          || EXCLUDED_MOUNTS.matcher(m.mountPoint()).find()
          || !points.add(m.mountPoint())) {
        continue;
      }
      // The same block device mounted twice (bind mounts) is one filesystem.
      if (m.device().startsWith("/") && !devices.add(m.device())) {
        continue;
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Decodes the kernel's {@code \040}-style octal escapes (it escapes space, tab, newline and
   * backslash); escaped bytes are taken as UTF-8, as the rest of the text.
   */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream(utf8.length);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '\\' && isOctal(utf8, i + 1)) {
        b.write((utf8[i + 1] - '0') * 64 + (utf8[i + 2] - '0') * 8 + (utf8[i + 3] - '0'));
        i += 3;
      } else {
        b.write(utf8[i]);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte[] s, int from) {
    if (from + 3 > s.length) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s[i] < '0' || s[i] > '7') {
        return false;
      }
    }
    return true;
  }
}
