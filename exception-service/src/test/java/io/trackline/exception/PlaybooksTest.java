package io.trackline.exception;

import io.trackline.events.data.ExceptionReason;
import io.trackline.exception.config.ExceptionConfig;
import io.trackline.exception.config.Playbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybooksTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheBundledPlaybooks() {
        Playbooks playbooks = load(Optional.empty());
        assertThat(playbooks.forReason(ExceptionReason.WEATHER).etaBusinessDays()).isEqualTo(1);
        assertThat(playbooks.forReason(ExceptionReason.ADDRESS_ISSUE).etaBusinessDays()).isNull();
        assertThat(playbooks.forReason(ExceptionReason.LOST).escalateAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(playbooks.all()).containsKeys(ExceptionReason.values());
    }

    @Test
    void shouldRefuseABadFileNamingTheLine() throws IOException {
        Path file = dir.resolve("playbooks.yaml");
        Files.writeString(file, """
                OTHER:
                  eta-business-days: 1
                TELEPORTATION:
                  eta-business-days: 2
                """);
        assertThatThrownBy(() -> load(Optional.of(file.toString())))
                .hasMessageContaining("line 3").hasMessageContaining("unknown reason 'TELEPORTATION'");
        Files.writeString(file, """
                OTHER:
                  escalate-after: tomorrow
                """);
        assertThatThrownBy(() -> load(Optional.of(file.toString())))
                .hasMessageContaining("line 1").hasMessageContaining("escalate-after");
    }

    private static Playbooks load(Optional<String> file) {
        ExceptionConfig config = new ExceptionConfig() {
            public String detectionInterval() {
                return "60s";
            }

            public Optional<String> playbookFile() {
                return file;
            }

            public Rules rules() {
                return null;
            }

            public Escalation escalation() {
                return null;
            }
        };
        try {
            Constructor<Playbooks> constructor = Playbooks.class.getDeclaredConstructor(ExceptionConfig.class);
            constructor.setAccessible(true);
            return constructor.newInstance(config);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
