package infra.monitoring.collector.source;

import infra.monitoring.collector.CollectorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Test helpers: fixture files read through the production reader, and settings from a map. */
final class Fixtures {
  private Fixtures() {}

  static Path dir() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path path(String relative) {
    return dir().resolve(relative);
  }

  static String text(String relative) {
    try {
      return new ProcReader().read(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CollectorSettings settings(Map<String, String> env) {
    return CollectorSettings.load(new String[0], env, Path.of("/nonexistent-cwd-for-tests"));
  }
}
