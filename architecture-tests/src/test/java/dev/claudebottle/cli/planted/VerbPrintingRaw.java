package dev.claudebottle.cli.planted;

import picocli.CommandLine;

/** A planted violation: a verb printing agent text to picocli's writer and to System.out, past the boundary. */
public class VerbPrintingRaw {
    public void print(CommandLine command, String justification) {
        command.getOut().println(justification);
        System.out.println(justification);
    }
}
