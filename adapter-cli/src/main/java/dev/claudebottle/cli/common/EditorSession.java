package dev.claudebottle.cli.common;

import dev.claudebottle.routes.Problem;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.tool.ContentValidator;
import dev.claudebottle.supervise.tool.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Lets the operator edit a file in {@code $VISUAL} / {@code $EDITOR} (default {@code vi}), with a
 * {@code .yaml} suffix, and returns the saved version once it validates. An invalid save is shown
 * with its problems; the operator reopens it (the problems then head the file as comments, which
 * are removed again on save) or aborts. Nothing is applied here.
 */
public final class EditorSession {
    static final String HEADER_MARK = "# bottle: ";

    private final PrintWriter out;
    private final Prompter prompter;
    private final ContentValidator validator;

    public EditorSession(PrintWriter out, Prompter prompter, ContentValidator validator) {
        this.out = out;
        this.prompter = prompter;
        this.validator = validator;
    }

    /** The edited, valid file; empty when the operator aborted. */
    public Optional<ConfigFile> edit(String fileLabel, ConfigFile start) {
        Path file = null;
        try {
            file = Files.createTempFile("bottle-" + fileLabel.replaceAll("[^A-Za-z0-9-]", "-") + "-", ".yaml");
            byte[] content = start.bytes();
            while (true) {
                Files.write(file, content);
                runEditor(file);
                ConfigFile saved = ConfigFile.of(withoutHeader(Files.readAllBytes(file)));
                if (!(validator.validate(saved) instanceof Validation.Invalid invalid)) {
                    return Optional.of(saved);
                }
                out.println(fileLabel + " is invalid; nothing was applied:");
                invalid.problems().forEach(problem -> out.println("  " + problem.format(fileLabel)));
                if (!prompter.ask("(r)eopen the editor or (a)bort? ").map(answer -> answer.startsWith("r")).orElse(false)) {
                    out.println("Aborted; nothing changed.");
                    return Optional.empty();
                }
                content = withHeader(invalid.problems(), fileLabel, saved.bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit a temporary copy of " + fileLabel + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Interrupted; nothing changed.");
            return Optional.empty();
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    static String editorCommand() {
        for (String variable : List.of("VISUAL", "EDITOR")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "vi";
    }

    private static void runEditor(Path file) throws IOException, InterruptedException {
        String editor = editorCommand();
        // Through sh so that EDITOR may carry arguments ("code --wait"), as git and crontab allow.
        Process process = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "editor", file.toString())
                .inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("the editor (" + editor + ") exited with status " + exit);
        }
    }

    static byte[] withHeader(List<Problem> problems, String fileLabel, byte[] body) {
        StringBuilder header = new StringBuilder(HEADER_MARK)
                .append("this file is invalid; fix it and save. Lines starting with \"")
                .append(HEADER_MARK.strip()).append("\" are removed on save,\n")
                .append(HEADER_MARK).append("and line numbers count from the first line after them.\n");
        for (Problem problem : problems) {
            header.append(HEADER_MARK).append(problem.format(fileLabel).replace('\n', ' ')).append('\n');
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Removes the leading block of our comment lines, and only that: the rest stays byte for byte. */
    static byte[] withoutHeader(byte[] saved) {
        byte[] mark = HEADER_MARK.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (startsWith(saved, at, mark)) {
            int newline = at;
            while (newline < saved.length && saved[newline] != '\n') {
                newline++;
            }
            at = Math.min(saved.length, newline + 1);
        }
        byte[] rest = new byte[saved.length - at];
        System.arraycopy(saved, at, rest, 0, rest.length);
        return rest;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
