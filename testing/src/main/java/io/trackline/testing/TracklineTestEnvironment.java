package io.trackline.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * The real infrastructure of a service's @QuarkusTest: the shared in-JVM Kafka broker, a fresh database for
 * this run (dropped at the end), and the public key of {@link TestTokens}. Use it as
 * {@code @WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service",
 * value = "order"), scope = TestResourceScope.MATCHING_RESOURCES)}: test classes with the same resources share one
 * application start.
 */
public class TracklineTestEnvironment implements QuarkusTestResourceLifecycleManager {

    private static volatile String database;
    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", "service");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        database = TestDatabases.create(service);
        config.put("quarkus.datasource.jdbc.url", TestDatabases.jdbcUrl(database));
        config.put("quarkus.datasource.username", TestDatabases.USER);
        config.put("quarkus.datasource.password", TestDatabases.PASSWORD);
        // Inline rather than a location: in test mode Quarkus configures a generated key of its own, which
        // takes precedence over any location.
        config.put("mp.jwt.verify.publickey", TestTokens.publicKeyPem());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            TestDatabases.drop(database);
        }
    }

    /** The name of this run's database, for tests that inspect or tamper with it directly. */
    public static String database() {
        return database;
    }
}
