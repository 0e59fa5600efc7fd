package infra.monitoring.common.settings;

import java.util.List;

/**
 * Parses the command line into a {@link SettingsSource}: {@code -x VALUE}, {@code --long VALUE},
 * {@code --long=VALUE}, repeated {@code -v} counted ({@code -vv} = 2), {@code --} ends the options,
 * anything else is positional. An unknown option or a missing value is a {@link ConfigException}.
 */
final class FlagParser {
  private FlagParser() {}

  static void parse(SettingsSource s, String[] args, List<Flag> flags) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        for (int j = i + 1; j < args.length; j++) {
          s.positional(args[j]);
        }
        return;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        s.positional(a);
        continue;
      }
      if (a.matches("-v+")) {
        Flag f = find(flags, "-v");
        if (f == null) {
          throw new ConfigException("unknown option " + a + " (see --help)");
        }
        String earlier = s.flagValue(f.key());
        long count = a.length() - 1 + (earlier == null ? 0 : Long.parseLong(earlier));
        s.put(f.key(), Long.toString(count), f.display(), SettingsSource.Kind.FLAG);
        continue;
      }
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      Flag f = find(flags, name);
      if (f == null) {
        throw new ConfigException("unknown option " + name + " (see --help)");
      }
      if (f.equals(Flag.HELP)) {
        s.help();
        continue;
      }
      if (!f.takesValue()) {
        if (inline != null) {
          throw new ConfigException(f.display() + ": takes no value");
        }
        s.put(f.key(), "true", f.display(), SettingsSource.Kind.FLAG);
        continue;
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new ConfigException(f.display() + ": expected a value");
        }
        value = args[++i];
      }
      s.put(f.key(), value, f.display(), SettingsSource.Kind.FLAG);
    }
  }

  private static Flag find(List<Flag> flags, String name) {
    for (Flag f : flags) {
      if (name.equals(f.shortName()) || name.equals(f.longName())) {
        return f;
      }
    }
    return null;
  }
}
