package io.trackline.audit;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trackline.audit.config.AuditConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retention setting is read the way the service reads it at start-up (SmallRye Config, the same mapping),
 * without starting the service: a value that fails here fails the start. {@code RetentionStartupIT} starts the
 * packaged service with 11 months and sees it refuse.
 */
class RetentionSettingTest {

    @Test
    void shouldRefuseARetentionOfElevenMonths() {
        assertThatThrownBy(() -> read(Map.of("trackline.audit.retention-months", "11")))
                .hasStackTraceContaining("trackline.audit.retention-months must be at least 12");
    }

    @Test
    void shouldRefuseARetentionThatIsNoNumberOfMonths() {
        assertThatThrownBy(() -> read(Map.of("trackline.audit.retention-months", "a year")))
                .hasStackTraceContaining("must be a whole number of months");
    }

    @Test
    void shouldAcceptTwelveMonthsAndKeepThirteenByDefault() {
        assertThat(read(Map.of("trackline.audit.retention-months", "12")).retentionMonths()).isEqualTo(12);
        assertThat(read(Map.of()).retentionMonths()).isEqualTo(13);
    }

    private static AuditConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AuditConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(AuditConfig.class);
    }
}
