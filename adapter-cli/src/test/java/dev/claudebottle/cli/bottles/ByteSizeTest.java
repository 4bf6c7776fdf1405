package dev.claudebottle.cli.bottles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void readsBytesAndBinarySuffixes() {
        assertThat(ByteSize.parse("--memory", "1048576")).isEqualTo(1L << 20);
        assertThat(ByteSize.parse("--memory", "512k")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("--memory", "96m")).isEqualTo(96L << 20);
        assertThat(ByteSize.parse("--memory", "4G")).isEqualTo(4L << 30);
        assertThat(ByteSize.parse("--memory", "2gb")).isEqualTo(2L << 30);
    }

    @Test
    void refusesWhatIsNotASize() {
        for (String bad : new String[] {"", "lots", "-1", "1.5g", "4t", "m", "999999999999999g", "1 g"}) {
            assertThatThrownBy(() -> ByteSize.parse("--memory", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--memory");
        }
    }
}
