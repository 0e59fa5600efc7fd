package infra.monitoring.collector.files;

import infra.monitoring.common.settings.SettingsReader;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The modes the collector gives the files and directories it creates, from a umask ({@code
 * MONITORING_UMASK}, octal, default {@code 027}): files {@code 0666 & ~umask} (0640), directories
 * {@code 0777 & ~umask} (0750). The default keeps everything readable by the owner's group, which
 * is how the exporter reads the feed when it runs as another user of that group (the images run
 * both as uid and gid 10001), and by nobody else: the feed, the state files and the command output
 * say a lot about a host. The mode is given at creation, so the process umask can only remove more
 * bits; files that already exist keep theirs.
 *
 * <p>Process-wide, like the umask it imitates: {@link #use} sets it once at start-up, before any
 * file is written; everything that creates a file asks {@link #current()}.
 */
public record FileModes(int umask) {
  public static final String KEY = "MONITORING_UMASK";
  public static final int DEFAULT_UMASK = 0027;
  public static final FileModes DEFAULT = new FileModes(DEFAULT_UMASK);

  private static volatile FileModes current = DEFAULT;

  public FileModes {
    if ((umask & ~0777) != 0 || (umask & 0700) != 0) {
      throw new IllegalArgumentException("umask " + Integer.toOctalString(umask));
    }
  }

  /**
   * Reads {@code MONITORING_UMASK}: three or four octal digits that leave the owner all rights (the
   * collector reads back what it writes).
   */
  public static FileModes load(SettingsReader s) {
    if (!s.has(KEY)) {
      return DEFAULT;
    }
    String v = s.text(KEY, "").strip();
    if (v.matches("[0-7]{1,4}")) {
      int mask = Integer.parseInt(v, 8);
      if (mask <= 0777 && (mask & 0700) == 0) {
        return new FileModes(mask);
      }
    }
    throw s.bad(KEY, "an octal umask that leaves the owner all rights, such as 027 or 077");
  }

  /** The modes in force in this process. */
  public static FileModes current() {
    return current;
  }

  /** Sets the modes of this process (start-up; tests restore the default). */
  public static void use(FileModes modes) {
    current = modes;
  }

  /** Mode of a new file, such as {@code rw-r-----}. */
  public Set<PosixFilePermission> file() {
    return permissions(0666 & ~umask);
  }

  /** Mode of a new directory, such as {@code rwxr-x---}. */
  public Set<PosixFilePermission> directory() {
    return permissions(0777 & ~umask);
  }

  FileAttribute<Set<PosixFilePermission>> fileAttribute() {
    return PosixFilePermissions.asFileAttribute(file());
  }

  FileAttribute<Set<PosixFilePermission>> directoryAttribute() {
    return PosixFilePermissions.asFileAttribute(directory());
  }

  /** {@code 0640} as the permission set; bit 8 is the owner's read, bit 0 the others' execute. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format("umask %03o", umask);
  }
}
