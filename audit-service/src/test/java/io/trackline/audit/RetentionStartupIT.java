package io.trackline.audit;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the packaged service with a retention below 12 months: it must refuse to start, saying why. */
class RetentionStartupIT {

    @Test
    void shouldRefuseToStartWithARetentionOfElevenMonths() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile("audit-startup", ".log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dtrackline.audit.retention-months=11",
                "-Dquarkus.http.port=0",
                // Nowhere to connect to: the service must stop on the setting before it gets that far
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the service stops by itself").isTrue();
            String output = Files.readString(log);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("trackline.audit.retention-months must be at least 12")
                    .doesNotContain("started in");
        } finally {
            process.destroyForcibly();
            new File(log.toString()).delete();
        }
    }
}
