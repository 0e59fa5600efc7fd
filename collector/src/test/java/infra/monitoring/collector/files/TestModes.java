package infra.monitoring.collector.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File modes in tests: what a file has, and what a mode becomes under the process umask. */
public final class TestModes {
  private TestModes() {}

  /** The mode of a file or directory as {@code rwxr-x---} (a link's own is not asked). */
  public static String of(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * {@code mode} as a file created with it gets it here: the process umask (022 on most machines)
   * removes its bits, as it does for the collector.
   */
  public static String expected(String mode, Path scratch) throws IOException {
    Path probe = Files.createTempFile(scratch, "umask", ".probe");
    Files.delete(probe);
    Files.createFile(
        probe, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Set<PosixFilePermission> allowed = Files.getPosixFilePermissions(probe);
    Files.delete(probe);
    Set<PosixFilePermission> want = PosixFilePermissions.fromString(mode);
    want.retainAll(allowed);
    return PosixFilePermissions.toString(want);
  }
}
