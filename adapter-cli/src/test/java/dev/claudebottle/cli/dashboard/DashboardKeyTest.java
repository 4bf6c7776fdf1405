package dev.claudebottle.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.NonBlocking;
import org.jline.utils.NonBlockingReader;
import org.junit.jupiter.api.Test;

class DashboardKeyTest {

    private static List<DashboardKey> keys(String input) throws Exception {
        NonBlockingReader reader = NonBlocking.nonBlocking("test", new StringReader(input));
        List<DashboardKey> keys = new ArrayList<>();
        DashboardKey key;
        while ((key = DashboardKey.read(reader)) != DashboardKey.Special.END_OF_INPUT) {
            keys.add(key);
        }
        return keys;
    }

    @Test
    void decodesArrowAndPageKeysInBothCursorModes() throws Exception {
        assertThat(keys("\u001b[A\u001b[B\u001bOA\u001bOB\u001b[5~\u001b[6~")).containsExactly(DashboardKey.Special.UP,
                DashboardKey.Special.DOWN, DashboardKey.Special.UP, DashboardKey.Special.DOWN, DashboardKey.Special.PAGE_UP,
                DashboardKey.Special.PAGE_DOWN);
    }

    @Test
    void aLoneEscapeIsTheEscapeKey() throws Exception {
        assertThat(keys("\u001bq")).containsExactly(DashboardKey.Special.ESCAPE, new DashboardKey.Typed('q'));
    }

    @Test
    void decodesEnterBackspaceCtrlCAndLetters() throws Exception {
        assertThat(keys("a\r\n\u007f\b\u0003é")).containsExactly(new DashboardKey.Typed('a'), DashboardKey.Special.ENTER,
                DashboardKey.Special.ENTER, DashboardKey.Special.BACKSPACE, DashboardKey.Special.BACKSPACE,
                DashboardKey.Special.INTERRUPT, new DashboardKey.Typed('é'));
    }

    @Test
    void otherControlCharactersAndUnknownSequencesAreIgnorable() throws Exception {
        assertThat(keys("\u0001\u001b[Z")).containsExactly(DashboardKey.Special.UNKNOWN, DashboardKey.Special.UNKNOWN);
    }
}
