package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every verb's --help prints its description lines as written: none is re-broken mid-sentence. */
class HelpTextTest {

    @Test
    void everyDescriptionLineFitsTheHelpWidthAndIsPrintedWhole() {
        CommandLine root = BottleCli.newCommandLine(() -> {
            throw new AssertionError("help needs no desk");
        });
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        assertThat(all).hasSizeGreaterThan(15);

        for (CommandLine command : all) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(command.getCommandName()).isNotEmpty();
            // The parent's command list shows only the first line: it must be a whole sentence.
            assertThat(description[0]).as(command.getCommandName()).endsWith(".");
            for (String line : command.getCommandSpec().usageMessage().description()) {
                assertThat(line.length()).as("%s: %s", command.getCommandName(), line).isLessThanOrEqualTo(BottleCli.HELP_WIDTH);
                assertThat(usage).as(command.getCommandName()).contains(line);
            }
            assertThat(usage.lines()).as(command.getCommandName()).allSatisfy(line ->
                    assertThat(line.length()).isLessThanOrEqualTo(BottleCli.HELP_WIDTH));
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
