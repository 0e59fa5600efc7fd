package infra.monitoring.common.settings;

/**
 * A command-line flag that sets a setting. {@code key} is the environment name it overrides (or an
 * internal name such as {@code --duration} for flags with no environment twin). Each settings area
 * declares the flags of its own keys; a process accepts the flags of the areas it loads.
 */
public record Flag(String shortName, String longName, String key, boolean takesValue, String help) {

  /** {@code -h/--help}, accepted by every program. */
  public static final Flag HELP = new Flag("-h", "--help", null, false, "print this help");

  /** {@code -i/--interval}, as used in messages. */
  public String display() {
    return shortName == null ? longName : shortName + "/" + longName;
  }
}
