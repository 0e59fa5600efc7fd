package infra.monitoring.exporter.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * node_exporter's web config file (prometheus/exporter-toolkit {@code docs/web-configuration.md}),
 * the subset this exporter serves: {@code tls_server_config} ({@code cert_file}, {@code key_file},
 * {@code client_auth_type}, {@code client_ca_file}, {@code min_version}, {@code max_version}),
 * {@code http_server_config} ({@code headers}, {@code http2}) and {@code basic_auth_users}. As the
 * toolkit's strict YAML decoding, any other key is refused, here with one line naming the file and
 * the key; keys of the toolkit this exporter does not implement say so rather than being ignored.
 *
 * @param tls null when the file configures no TLS (plain HTTP, as the toolkit)
 * @param headers response headers added to every answer
 * @param users user name to bcrypt hash; empty = no basic auth
 */
public record WebConfig(
    Path file, TlsSettings tls, Map<String, String> headers, Map<String, String> users) {

  private static final Set<String> TOP =
      Set.of("tls_server_config", "http_server_config", "basic_auth_users");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "cert_file",
          "key_file",
          "client_auth_type",
          "client_ca_file",
          "min_version",
          "max_version");
  private static final Set<String> NOT_SUPPORTED =
      Set.of(
          "rate_limit",
          "cert",
          "key",
          "client_ca",
          "client_allowed_sans",
          "cipher_suites",
          "prefer_server_cipher_suites",
          "curve_preferences");

  /** The toolkit's allowed extra headers; a non-empty list restricts the values. */
  private static final Map<String, List<String>> HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  private static final Map<String, String> VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final List<String> ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** True when basic auth is on. */
  public boolean authEnabled() {
    return !users.isEmpty();
  }

  /** Reads and checks the file; a problem is one line naming the file and the key. */
  public static WebConfig load(Path file) throws WebConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WebConfigException(file + ": cannot read the web config file (" + e + ")");
    }
    Object root;
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setSchema(new CoreSchema())
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(10)
              .setCodePointLimit(1 << 20)
              .setLabel(file.toString())
              .build();
      root = new Load(settings).loadFromString(text);
    } catch (YamlEngineException e) {
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new WebConfigException(file + ": not valid YAML: " + oneLine(e.getMessage(), first));
    }
    return parse(file, root);
  }

  private static String oneLine(String message, String first) {
    if (message == null) {
      return first;
    }
    return String.join(" ", message.strip().split("\\s*\\R\\s*"));
  }

  static WebConfig parse(Path file, Object root) throws WebConfigException {
    Keys top = new Keys(file, "", root);
    TlsSettings tls = null;
    Map<String, String> headers = Map.of();
    Map<String, String> users = Map.of();
    for (String key : top.keys()) {
      switch (key) {
        case "tls_server_config" -> tls = parseTls(file, top.child(key));
        case "http_server_config" -> headers = parseHttp(file, top.child(key));
        case "basic_auth_users" -> users = parseUsers(top.child(key));
        default -> throw top.unknown(key, TOP, NOT_SUPPORTED);
      }
    }
    return new WebConfig(file, tls, headers, users);
  }

  private static TlsSettings parseTls(Path file, Keys k) throws WebConfigException {
    Map<String, String> v = new LinkedHashMap<>();
    for (String key : k.keys()) {
      if (!TLS_KEYS.contains(key)) {
        throw k.unknown(key, TLS_KEYS, NOT_SUPPORTED);
      }
      v.put(key, k.string(key));
    }
    // The toolkit's IsEnabled: any of these set means TLS (an empty block means plain HTTP).
    if (v.values().stream().allMatch(String::isEmpty)) {
      return null;
    }
    Path dir = file.toAbsolutePath().getParent();
    Path cert = path(dir, v.get("cert_file"));
    Path key = path(dir, v.get("key_file"));
    Path ca = path(dir, v.get("client_ca_file"));
    if (cert == null) {
      throw k.bad("cert_file", "missing (TLS needs cert_file and key_file)");
    }
    if (key == null) {
      throw k.bad("key_file", "missing (TLS needs cert_file and key_file)");
    }
    String authText = v.getOrDefault("client_auth_type", "");
    ClientAuthType auth = ClientAuthType.parse(authText);
    if (auth == null) {
      throw k.bad(
          "client_auth_type",
          "expected one of "
              + Arrays.stream(ClientAuthType.values()).map(ClientAuthType::yamlName).toList()
              + ", got '"
              + authText
              + "'");
    }
    if (ca != null && !auth.asks) {
      throw k.bad("client_ca_file", "is set but client_auth_type is NoClientCert");
    }
    String min = v.getOrDefault("min_version", "TLS12");
    String max = v.getOrDefault("max_version", "TLS13");
    for (String[] mv : new String[][] {{"min_version", min}, {"max_version", max}}) {
      if (!VERSIONS.containsKey(mv[1])) {
        throw k.bad(mv[0], "expected one of " + ORDER + ", got '" + mv[1] + "'");
      }
    }
    if (ORDER.indexOf(min) > ORDER.indexOf(max)) {
      throw k.bad("min_version", min + " is above max_version " + max);
    }
    List<String> protocols = new ArrayList<>();
    List<String> usable = usableProtocols();
    for (String name : ORDER.subList(ORDER.indexOf(min), ORDER.indexOf(max) + 1)) {
      if (usable.contains(VERSIONS.get(name))) {
        protocols.add(VERSIONS.get(name));
      }
    }
    if (protocols.isEmpty()) {
      throw k.bad(
          "min_version",
          min + ".." + max + " are all disabled by this Java runtime (jdk.tls.disabledAlgorithms)");
    }
    return new TlsSettings(file, cert, key, auth, ca, List.copyOf(protocols));
  }

  private static List<String> usableProtocols() {
    try {
      return List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context in this Java runtime", e);
    }
  }

  private static Path path(Path dir, String s) {
    return s == null || s.isEmpty() ? null : dir.resolve(s);
  }

  private static Map<String, String> parseHttp(Path file, Keys k) throws WebConfigException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String key : k.keys()) {
      switch (key) {
        case "http2" -> k.bool(key); // only HTTP/1.1 is served; Go clients fall back to it
        case "headers" -> {
          Keys h = k.child(key);
          for (String name : h.keys()) {
            List<String> allowed = HEADERS.get(name);
            if (allowed == null) {
              throw h.bad(name, "this header can not be configured (allowed: " + sorted() + ")");
            }
            String value = h.string(name);
            if (!allowed.isEmpty() && !allowed.contains(value)) {
              throw h.bad(name, "expected one of " + allowed + ", got '" + value + "'");
            }
            if (!value.isEmpty()) {
              headers.put(name, value);
            }
          }
        }
        default -> throw k.unknown(key, Set.of("headers", "http2"), Set.of());
      }
    }
    return Map.copyOf(headers);
  }

  private static List<String> sorted() {
    return HEADERS.keySet().stream().sorted().toList();
  }

  private static Map<String, String> parseUsers(Keys k) throws WebConfigException {
    Map<String, String> users = new LinkedHashMap<>();
    for (String user : k.keys()) {
      String hash = k.string(user);
      if (!BasicAuth.isBcryptHash(hash)) {
        // The value is not printed: it may be a plain-text password.
        throw k.bad(
            user,
            "not a bcrypt hash (make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n');"
                + " plain-text passwords are refused");
      }
      users.put(user, hash);
    }
    return Map.copyOf(users);
  }
}
