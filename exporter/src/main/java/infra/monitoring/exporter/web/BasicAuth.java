package infra.monitoring.exporter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * {@code basic_auth_users}: user names with bcrypt hashes (as {@code htpasswd -nBC 10} writes
 * them). A bcrypt check costs ~70 ms at cost 10, so credentials that verified once are remembered
 * (as a SHA-256 of user, hash and password, never the password) and a scrape with them costs a hash
 * and a map look-up. Failures are not remembered: each one pays bcrypt, which the server runs off
 * its I/O threads with a bounded queue.
 */
public final class BasicAuth {
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final int MAX_CACHED = 256;

  private final Map<String, String> users;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  public BasicAuth(Map<String, String> users) {
    this.users = Map.copyOf(users);
  }

  /** True when the text is a bcrypt hash of cost 4..31 (refused otherwise at start). */
  static boolean isBcryptHash(String s) {
    var m = BCRYPT.matcher(s);
    if (!m.matches()) {
      return false;
    }
    int cost = Integer.parseInt(m.group(1));
    return cost >= 4 && cost <= 31;
  }

  /** The outcome of looking at an {@code Authorization} header without running bcrypt. */
  public enum Quick {
    /** Credentials verified before: let it through. */
    ALLOWED,
    /** No or malformed credentials: answer 401 at once. */
    DENIED,
    /** Well-formed credentials not verified yet: run {@link #verify} off the I/O thread. */
    VERIFY
  }

  /** Cheap: no bcrypt. */
  public Quick quick(String authorization) {
    Credentials c = Credentials.parse(authorization);
    if (c == null) {
      return Quick.DENIED;
    }
    return verified.contains(key(c, users.getOrDefault(c.user, ""))) ? Quick.ALLOWED : Quick.VERIFY;
  }

  /** Runs bcrypt; remembers success. */
  public boolean verify(String authorization) {
    Credentials c = Credentials.parse(authorization);
    if (c == null) {
      return false;
    }
    String hash = users.get(c.user);
    boolean ok;
    try {
      ok = BCrypt.checkpw(c.password, hash == null ? Dummy.HASH : hash) && hash != null;
    } catch (IllegalArgumentException e) {
      ok = false; // a password longer than bcrypt's 72 bytes
    }
    if (ok) {
      if (verified.size() >= MAX_CACHED) {
        verified.clear(); // a few users scrape; a full cache means churn, so start over
      }
      verified.add(key(c, hash));
    }
    return ok;
  }

  private static String key(Credentials c, String hash) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {c.user, hash, c.password}) {
        d.update(part.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return Base64.getEncoder().encodeToString(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A hash checked for unknown users, so a wrong name costs as long as a wrong password. */
  private static final class Dummy {
    static final String HASH = BCrypt.hashpw("not a password", BCrypt.gensalt(10));
  }

  private record Credentials(String user, String password) {
    static Credentials parse(String header) {
      if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
  }
}
