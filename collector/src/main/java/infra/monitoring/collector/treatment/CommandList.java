package infra.monitoring.collector.treatment;

import java.util.ArrayList;
import java.util.List;

/**
 * The command list of {@code MONITORING_NETWORK_COMMANDS}, split when the settings load. Apart from
 * {@link NetworkCommands} because that class has a logger, and no logger may be created before the
 * collector has configured logging.
 */
final class CommandList {
  private CommandList() {}

  /**
   * Splits {@code MONITORING_NETWORK_COMMANDS} into its commands at each {@code ;} outside quotes,
   * with the quoting rules of {@link NetworkCommands#split}: {@code sh -c 'a; b'} is one command.
   * Blank commands are dropped.
   *
   * @throws IllegalArgumentException naming the quote left open
   */
  static List<String> commands(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote == '\'') {
        quote = ch == '\'' ? 0 : quote;
      } else if (quote == '"') {
        if (ch == '\\' && i + 1 < text.length()) {
          i++; // an escaped character inside double quotes, even a quote
        } else if (ch == '"') {
          quote = 0;
        }
      } else if (ch == '\\') {
        i++;
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == ';') {
        add(out, text.substring(start, i));
        start = i + 1;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " quote");
    }
    add(out, text.substring(Math.min(start, text.length())));
    return out;
  }

  private static void add(List<String> out, String command) {
    if (!command.isBlank()) {
      out.add(command.strip());
    }
  }
}
