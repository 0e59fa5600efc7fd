package infra.monitoring.common.settings;

/** A bad setting: the message is one line naming the variable or flag and what it expects. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
