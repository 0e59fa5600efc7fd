package infra.monitoring.collector.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import com.sun.jna.platform.linux.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two C library calls the sources need beyond files, made through JNA (which OSHI already
 * brings; no new dependency): statvfs(3) for a filesystem's inodes and adjtimex(2) for the kernel
 * clock's NTP state. Neither has a procfs or sysfs file, and the JDK's {@code FileStore} gives
 * bytes only. JNA is loaded on first use, never at start-up; where it cannot load its native part
 * (for example a temp directory mounted noexec: set {@code -Djna.tmpdir} to an executable one) each
 * call throws an {@link IOException} saying so, and only the sources that need it fail.
 */
final class Libc {
  private static volatile C c;
  private static volatile String loadError;

  /** The calls, mapped by JNA; errno becomes a {@link LastErrorException}. */
  interface C extends Library {
    int statvfs(byte[] path, LibC.Statvfs buf) throws LastErrorException;

    int adjtimex(Timex buf) throws LastErrorException;
  }

  /** {@code struct timex} of glibc (adjtimex(2)), with its eleven reserved ints. */
  @Structure.FieldOrder({
    "modes",
    "offset",
    "freq",
    "maxerror",
    "esterror",
    "status",
    "constant",
    "precision",
    "tolerance",
    "timeSec",
    "timeUsec",
    "tick",
    "ppsfreq",
    "jitter",
    "shift",
    "stabil",
    "jitcnt",
    "calcnt",
    "errcnt",
    "stbcnt",
    "tai",
    "reserved"
  })
  public static class Timex extends Structure {
    public int modes;
    public NativeLong offset;
    public NativeLong freq;
    public NativeLong maxerror;
    public NativeLong esterror;
    public int status;
    public NativeLong constant;
    public NativeLong precision;
    public NativeLong tolerance;
    public NativeLong timeSec;
    public NativeLong timeUsec;
    public NativeLong tick;
    public NativeLong ppsfreq;
    public NativeLong jitter;
    public int shift;
    public NativeLong stabil;
    public NativeLong jitcnt;
    public NativeLong calcnt;
    public NativeLong errcnt;
    public NativeLong stbcnt;
    public int tai;
    public int[] reserved = new int[11];
  }

  /** The figures of adjtimex(2) the timex source uses. */
  record Clock(int state, int status, long offset, long maxerror) {}

  private Libc() {}

  private static C c() throws IOException {
    C lib = c;
    if (lib != null) {
      return lib;
    }
    synchronized (Libc.class) {
      if (c == null && loadError == null) {
        try {
          c = Native.load("c", C.class);
        } catch (LinkageError | RuntimeException e) {
          // Most often its native part could not be loaded from the directory JNA unpacked it to
          // (user.home's .cache, else java.io.tmpdir): read-only, or mounted noexec.
          loadError =
              "JNA cannot call the C library here ("
                  + e
                  + "); set -Djna.tmpdir to a writable directory that allows executables";
        }
      }
      if (c == null) {
        throw new IOException(loadError);
      }
      return c;
    }
  }

  /** Total and free inodes of the filesystem holding {@code path}. */
  static long[] inodes(String path) throws IOException {
    C lib = c(); // first: a structure's constructor loads JNA's native part too
    byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
    LibC.Statvfs buf = new LibC.Statvfs();
    try {
      lib.statvfs(Arrays.copyOf(utf8, utf8.length + 1), buf); // NUL-terminated
    } catch (LastErrorException e) {
      throw new IOException("statvfs " + path + ": errno " + e.getErrorCode(), e);
    }
    return new long[] {buf.f_files.longValue(), buf.f_ffree.longValue()};
  }

  /** The kernel clock's state, read-only (modes 0 needs no privilege). */
  static Clock adjtimex() throws IOException {
    C lib = c();
    Timex t = new Timex();
    int state;
    try {
      state = lib.adjtimex(t);
    } catch (LastErrorException e) {
      throw new IOException("adjtimex: errno " + e.getErrorCode(), e);
    }
    return new Clock(state, t.status, t.offset.longValue(), t.maxerror.longValue());
  }
}
