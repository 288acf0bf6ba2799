package io.trackline.deploy;

import static io.trackline.deploy.Chart.list;
import static io.trackline.deploy.Chart.map;
import static io.trackline.deploy.Chart.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.marcnuri.helm.Helm;
import io.trackline.events.Topics;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the chart with real Helm (helm-java) for the operator-managed setup (Strimzi + CloudNativePG) and the
 * bring-your-own one, writes both to target/rendered/ (validated against the Kubernetes schemas by validate.mjs in
 * the integration-test phase) and asserts what docs/deploy.md promises of them.
 */
class ChartRenderTest {

    static Chart.Manifests operators;
    static Chart.Manifests external;

    @BeforeAll
    static void render() throws IOException {
        operators = Chart.render("operators", "ci/operators-values.yaml");
        external = Chart.render("external", "ci/external-values.yaml");
    }

    static List<Chart.Manifests> both() {
        return List.of(operators, external);
    }

    @Test
    void lintsCleanly(@TempDir Path copy) throws IOException {
        // helm-java's lint takes no values file: lint a copy whose values.yaml has placeholders for the required secrets
        try (var files = Chart.files(Chart.CHART)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve("trackline").resolve(Chart.CHART.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Path values = copy.resolve("trackline/values.yaml");
        String text = Files.readString(values);
        for (String key : List.of("publicKey", "linkSecret", "order", "tracking", "notification", "exception", "audit", "accountSid", "authToken")) {
            String empty = " " + key + ": \"\"\n";
            assertThat(text).contains(empty);
            text = text.replace(empty, " " + key + ": \"PLACEHOLDER\"\n");
        }
        Files.writeString(values, text);
        var result = new Helm(copy.resolve("trackline")).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultValuesAskForTheSecretsInsteadOfMakingThemUp() {
        assertThatThrownBy(Chart::template).hasMessageContaining("secrets.jwt.publicKey is required");
    }

    @Test
    void theSmsAccountIsRequiredSinceNotificationServiceCannotStartWithoutIt() {
        // an empty TRACKLINE_SMS_ACCOUNT_SID stops notification-service at start (SRCFG00040: empty String)
        var cmd = new Helm(Chart.CHART).template().withName("trackline").withNamespace("trackline").withKubeVersion("1.30.0")
                .withValuesFile(Chart.CHART.resolve("ci/operators-values.yaml")).set("secrets.sms.accountSid", "");
        assertThatThrownBy(cmd::call).hasMessageContaining("secrets.sms.accountSid is required");
    }

    @Test
    void secretsCreatedOutsideTheChartAreNotRendered() throws IOException {
        var cmd = new Helm(Chart.CHART).template().withName("trackline").withNamespace("trackline").withKubeVersion("1.30.0")
                .set("secrets.create", "false");
        Chart.Manifests m = new Chart.Manifests(Chart.parse(cmd.call()));
        assertThat(m.ofKind("Secret")).isEmpty();
        assertThat(m.ofKind("Deployment")).hasSize(Chart.SERVICES.size());
    }

    @Test
    void mountedFilesAreReadableByTheServiceUser() {
        for (String service : Chart.SERVICES) {
            for (Map<String, Object> volume : list(podSpec(operators, service), "volumes")) {
                for (String type : List.of("secret", "configMap")) {
                    if (volume.containsKey(type)) {
                        int mode = ((Number) map(volume, type).get("defaultMode")).intValue();
                        // user 185 reads them through the pod's fsGroup (group bits) or the other bits
                        assertThat(mode & 0044).as("%s volume %s mode %o", service, volume.get("name"), mode).isNotZero();
                    }
                }
            }
            assertThat(map(podSpec(operators, service), "securityContext")).containsEntry("fsGroup", 185);
        }
    }

    @Test
    void oneDeploymentPerServiceWithProbesOnTheHealthEndpoints() {
        for (Chart.Manifests m : both()) {
            assertThat(m.ofKind("Deployment")).extracting(Chart::name).containsExactlyInAnyOrderElementsOf(Chart.SERVICES);
            for (String service : Chart.SERVICES) {
                Map<String, Object> c = container(m, service);
                int port = httpPort(c);
                assertProbe(c, "livenessProbe", "/q/health/live", port);
                assertProbe(c, "readinessProbe", "/q/health/ready", port);
                assertProbe(c, "startupProbe", "/q/health/started", port);
            }
        }
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        for (Chart.Manifests m : both()) {
            for (String service : Chart.SERVICES) {
                Map<String, Object> resources = map(container(m, service), "resources");
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(map(resources, kind).get(resource)).as("%s %s.%s", service, kind, resource).isNotNull();
                    }
                }
                long request = mebibytes(map(resources, "requests").get("memory"));
                long limit = mebibytes(map(resources, "limits").get("memory"));
                // The idle resident size measured for a packaged service is about 260 MB (docs/deploy.md)
                assertThat(request).as("%s memory request (MiB)", service).isGreaterThanOrEqualTo(300);
                assertThat(limit).as("%s memory limit (MiB)", service).isGreaterThanOrEqualTo(request);
            }
        }
    }

    @Test
    void nothingRunsAsRootAndTheRootFilesystemIsReadOnly() {
        for (Chart.Manifests m : both()) {
            for (String service : Chart.SERVICES) {
                Map<String, Object> pod = podSpec(m, service);
                Map<String, Object> podSecurity = map(pod, "securityContext");
                assertThat(podSecurity.get("runAsNonRoot")).as("%s runAsNonRoot", service).isEqualTo(true);
                assertThat(((Number) podSecurity.get("runAsUser")).intValue()).as("%s runAsUser", service).isPositive();
                assertThat(list(pod, "initContainers")).as("%s init containers", service).isEmpty();
                for (Map<String, Object> c : list(pod, "containers")) {
                    Map<String, Object> sc = map(c, "securityContext");
                    assertThat(sc.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", service).isEqualTo(true);
                    assertThat(sc.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", service).isEqualTo(false);
                    assertThat(sc.get("privileged")).as("%s privileged", service).isNotEqualTo(true);
                    assertThat(sc.get("runAsUser")).as("%s container runAsUser", service).isNotEqualTo(0);
                    assertThat(map(sc, "capabilities").get("drop")).as("%s capabilities", service).asInstanceOf(LIST).contains("ALL");
                    // Quarkus needs a writable /tmp: an emptyDir
                    String tmpVolume = list(c, "volumeMounts").stream().filter(v -> "/tmp".equals(v.get("mountPath")))
                            .map(v -> (String) v.get("name")).findFirst().orElseThrow(() -> new AssertionError(service + ": no /tmp mount"));
                    assertThat(list(pod, "volumes")).filteredOn(v -> tmpVolume.equals(v.get("name")))
                            .singleElement().satisfies(v -> assertThat(v).containsKey("emptyDir"));
                }
                assertThat(pod.get("automountServiceAccountToken")).as("%s service account token", service).isEqualTo(false);
            }
        }
    }

    @Test
    void podsCarryPrometheusScrapeAnnotations() {
        for (String service : Chart.SERVICES) {
            Map<String, Object> annotations = map(operators.get("Deployment", service), "spec", "template", "metadata", "annotations");
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(httpPort(container(operators, service))));
        }
    }

    @Test
    void everyServiceHasAnAutoscalerADisruptionBudgetAndANetworkPolicy() {
        for (Chart.Manifests m : both()) {
            for (String service : Chart.SERVICES) {
                Map<String, Object> podLabels = map(m.get("Deployment", service), "spec", "template", "metadata", "labels");
                Map<String, Object> hpa = m.get("HorizontalPodAutoscaler", service);
                assertThat(map(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", service);
                // Consumers beyond the partition count would sit idle
                assertThat(((Number) map(hpa, "spec").get("maxReplicas")).intValue()).isBetween(2, Topics.PARTITIONS);
                assertThat(podLabels).containsAllEntriesOf(map(m.get("PodDisruptionBudget", service), "spec", "selector", "matchLabels"));
                Map<String, Object> policy = m.get("NetworkPolicy", service);
                assertThat(podLabels).containsAllEntriesOf(map(policy, "spec", "podSelector", "matchLabels"));
                assertThat(map(policy, "spec").get("policyTypes")).asInstanceOf(LIST).containsExactlyInAnyOrder("Ingress", "Egress");
                List<Map<String, Object>> ingress = list(policy, "spec", "ingress");
                assertThat(ingress).allSatisfy(rule -> assertThat(list(rule, "ports")).extracting(p -> p.get("port"))
                        .containsExactly(httpPort(container(m, service))));
                boolean open = ingress.stream().anyMatch(rule -> !rule.containsKey("from"));
                assertThat(open).as("%s ingress from anywhere", service).isEqualTo(service.equals("tracking-service"));
                Set<Object> egressPorts = egressPorts(policy);
                assertThat(egressPorts).as("%s egress ports", service).contains(53, 9092, 5432);
                if (service.equals("notification-service")) {
                    assertThat(egressPorts).as("SMTP and SMS egress").contains(587, 443);
                } else {
                    assertThat(egressPorts).as("%s egress ports", service).containsExactlyInAnyOrder(53, 9092, 5432);
                }
            }
        }
        // With the operators, Kafka and PostgreSQL egress goes to their pods only
        Map<String, Object> policy = operators.get("NetworkPolicy", "order-service");
        assertThat(list(policy, "spec", "egress")).extracting(r -> list(r, "to").toString())
                .anySatisfy(to -> assertThat(to).contains("strimzi.io/cluster=trackline-kafka"))
                .anySatisfy(to -> assertThat(to).contains("cnpg.io/cluster=trackline-pg"));
    }

    @Test
    void everyReferencedSecretAndConfigMapIsInTheChart() {
        for (Chart.Manifests m : both()) {
            for (String service : Chart.SERVICES) {
                Map<String, Object> pod = podSpec(m, service);
                for (Map<String, Object> c : list(pod, "containers")) {
                    for (Map<String, Object> env : list(c, "env")) {
                        Map<String, Object> ref = map(env, "valueFrom", "secretKeyRef");
                        if (!ref.isEmpty()) {
                            assertThat(secretKeys(m, (String) ref.get("name"))).as("%s %s", service, env.get("name")).contains((String) ref.get("key"));
                        }
                    }
                    for (Map<String, Object> from : list(c, "envFrom")) {
                        Map<String, Object> cm = map(from, "configMapRef");
                        assertThat(m.has("ConfigMap", (String) cm.get("name"))).as("%s envFrom %s", service, cm).isTrue();
                    }
                }
                for (Map<String, Object> volume : list(pod, "volumes")) {
                    if (volume.containsKey("secret")) {
                        assertThat(m.has("Secret", (String) map(volume, "secret").get("secretName"))).as("%s %s", service, volume).isTrue();
                    }
                    if (volume.containsKey("configMap")) {
                        assertThat(m.has("ConfigMap", (String) map(volume, "configMap").get("name"))).as("%s %s", service, volume).isTrue();
                    }
                }
                // The settings point at files that the mounts provide
                Map<String, Object> settings = map(m.get("ConfigMap", service + "-settings"), "data");
                assertMountedFile(m, service, (String) settings.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
                if (service.equals("notification-service")) {
                    assertMountedFile(m, service, (String) settings.get("TRACKLINE_NOTIFICATION_MATRIX_FILE"));
                }
                if (service.equals("exception-service")) {
                    assertMountedFile(m, service, (String) settings.get("TRACKLINE_EXCEPTION_PLAYBOOK_FILE"));
                }
            }
        }
    }

    @Test
    void theMatrixAndPlaybooksAreTheShippedFilesByDefault() throws IOException {
        assertThat(map(operators.get("ConfigMap", "trackline-communication-matrix"), "data").get("communication-matrix.yaml"))
                .isEqualTo(Files.readString(Chart.ROOT.resolve("notification-service/src/main/resources/communication-matrix.yaml")).strip());
        assertThat(map(operators.get("ConfigMap", "trackline-playbooks"), "data").get("playbooks.yaml"))
                .isEqualTo(Files.readString(Chart.ROOT.resolve("exception-service/src/main/resources/playbooks.yaml")).strip());
    }

    @Test
    void everyTopicTheServicesUseHasAKafkaTopic() throws Exception {
        Set<String> used = new TreeSet<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                used.add((String) field.get(null));
            }
        }
        Pattern topicKey = Pattern.compile("^[^#]*\\.topic\\s*=\\s*(\\S+)\\s*$", Pattern.MULTILINE);
        for (String service : Chart.SERVICES) {
            var matcher = topicKey.matcher(Files.readString(Chart.ROOT.resolve(service + "/src/main/resources/application.properties")));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertThat(used).contains(Topics.SHIPMENT_LIFECYCLE, Topics.DEAD_LETTER_PARKED);

        Map<String, Map<String, Object>> topics = operators.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> (String) map(t, "spec").get("topicName"), t -> t));
        assertThat(topics.keySet()).containsAll(used);
        Duration keep = Duration.parse("P30D"); // trackline.processed-events.keep: longer than any retention
        for (Map<String, Object> topic : topics.values()) {
            Map<String, Object> spec = map(topic, "spec");
            assertThat(map(topic, "metadata", "labels")).containsEntry("strimzi.io/cluster", "trackline-kafka");
            assertThat(spec.get("partitions")).as("%s partitions", name(topic)).isEqualTo(Topics.PARTITIONS);
            assertThat(spec.get("replicas")).as("%s replicas", name(topic)).isEqualTo(3);
            long retention = ((Number) map(spec, "config").get("retention.ms")).longValue();
            assertThat(retention).as("%s retention.ms", name(topic)).isPositive().isLessThan(keep.toMillis());
        }
    }

    @Test
    void kafkaIsAThreeBrokerKraftClusterWithMinInsyncReplicasTwo() {
        Map<String, Object> kafka = operators.get("Kafka", "trackline-kafka");
        assertThat(map(kafka, "metadata", "annotations")).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        Map<String, Object> config = map(kafka, "spec", "kafka", "config");
        assertThat(config).containsEntry("min.insync.replicas", 2).containsEntry("default.replication.factor", 3)
                .containsEntry("auto.create.topics.enable", false);
        assertThat(list(kafka, "spec", "kafka", "listeners")).extracting(l -> l.get("port")).contains(9092);
        assertThat(map(kafka, "spec", "entityOperator")).containsKey("topicOperator");
        Map<String, Object> pool = operators.get("KafkaNodePool", "trackline-kafka-dual-role");
        assertThat(map(pool, "metadata", "labels")).containsEntry("strimzi.io/cluster", "trackline-kafka");
        assertThat(map(pool, "spec").get("replicas")).isEqualTo(3);
        assertThat(map(pool, "spec").get("roles")).asInstanceOf(LIST).containsExactlyInAnyOrder("controller", "broker");
        assertThat(list(pool, "spec", "storage", "volumes")).singleElement()
                .satisfies(v -> assertThat(v).containsEntry("type", "persistent-claim").containsEntry("kraftMetadata", "shared"));
        for (String service : Chart.SERVICES) {
            assertThat(map(operators.get("ConfigMap", service + "-settings"), "data"))
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "trackline-kafka-kafka-bootstrap:9092");
        }
    }

    @Test
    void postgresIsACloudNativePgClusterWithADatabaseAndRolePerService() {
        Map<String, Object> cluster = operators.get("Cluster", "trackline-pg");
        assertThat(map(cluster, "spec").get("instances")).isEqualTo(3);
        List<Map<String, Object>> roles = list(cluster, "spec", "managed", "roles");
        for (String service : Chart.SERVICES) {
            String db = service.replace("-service", "");
            String role = "trackline_" + db;
            assertThat(roles).filteredOn(r -> role.equals(r.get("name"))).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("login", true);
                assertThat(map(r, "passwordSecret")).containsEntry("name", "trackline-db-" + db);
            });
            Map<String, Object> secret = operators.get("Secret", "trackline-db-" + db);
            assertThat(secret).containsEntry("type", "kubernetes.io/basic-auth");
            assertThat(map(secret, "stringData")).containsEntry("username", role).containsKey("password");
            Map<String, Object> database = operators.get("Database", "trackline-pg-" + db);
            assertThat(map(database, "spec")).containsEntry("name", role).containsEntry("owner", role);
            assertThat(map(database, "spec", "cluster")).containsEntry("name", "trackline-pg");
            assertThat(map(operators.get("ConfigMap", service + "-settings"), "data"))
                    .containsEntry("TRACKLINE_DB_URL", "jdbc:postgresql://trackline-pg-rw:5432/" + role);
        }
    }

    @Test
    void bringYourOwnKafkaAndPostgresRendersNoOperatorResources() {
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Database")) {
            assertThat(external.ofKind(kind)).as(kind).isEmpty();
        }
        for (String service : Chart.SERVICES) {
            Map<String, Object> data = map(external.get("ConfigMap", service + "-settings"), "data");
            assertThat(data.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-0.kafka.example.internal:9092,kafka-1.kafka.example.internal:9092");
            assertThat((String) data.get("TRACKLINE_DB_URL")).startsWith("jdbc:postgresql://pg.example.internal:5432/trackline_");
        }
        assertThat(map(external.get("Secret", "trackline-link"), "stringData")).containsEntry("secret", "placeholder-link-secret");
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> podSpec(Chart.Manifests m, String service) {
        return map(m.get("Deployment", service), "spec", "template", "spec");
    }

    private static Map<String, Object> container(Chart.Manifests m, String service) {
        return list(podSpec(m, service), "containers").stream().filter(c -> service.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(service + ": no container " + service));
    }

    private static int httpPort(Map<String, Object> container) {
        return list(container, "ports").stream().filter(p -> "http".equals(p.get("name")))
                .map(p -> ((Number) p.get("containerPort")).intValue()).findFirst().orElseThrow();
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, int port) {
        Map<String, Object> get = map(container, probe, "httpGet");
        assertThat(get).as("%s %s", container.get("name"), probe).containsEntry("path", path).containsEntry("port", port);
    }

    private static long mebibytes(Object quantity) {
        String q = Objects.toString(quantity);
        if (q.endsWith("Gi")) {
            return Long.parseLong(q.substring(0, q.length() - 2)) * 1024;
        }
        if (q.endsWith("Mi")) {
            return Long.parseLong(q.substring(0, q.length() - 2));
        }
        throw new AssertionError("memory quantity not in Mi or Gi: " + q);
    }

    private static Set<Object> egressPorts(Map<String, Object> policy) {
        Set<Object> ports = new HashSet<>();
        for (Map<String, Object> rule : list(policy, "spec", "egress")) {
            list(rule, "ports").forEach(p -> ports.add(p.get("port")));
        }
        return ports;
    }

    private static Set<String> secretKeys(Chart.Manifests m, String secret) {
        assertThat(m.has("Secret", secret)).as("Secret %s is in the chart", secret).isTrue();
        Map<String, Object> s = m.get("Secret", secret);
        Set<String> keys = new HashSet<>(map(s, "stringData").keySet());
        keys.addAll(map(s, "data").keySet());
        return keys;
    }

    private static void assertMountedFile(Chart.Manifests m, String service, String file) {
        assertThat(file).as("%s file setting", service).isNotNull();
        Map<String, Object> pod = podSpec(m, service);
        Map<String, Object> mount = list(container(m, service), "volumeMounts").stream()
                .filter(v -> file.startsWith(v.get("mountPath") + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(service + ": nothing mounted for " + file));
        Map<String, Object> volume = list(pod, "volumes").stream().filter(v -> mount.get("name").equals(v.get("name")))
                .findFirst().orElseThrow();
        String key = file.substring(file.lastIndexOf('/') + 1);
        if (volume.containsKey("secret")) {
            assertThat(secretKeys(m, (String) map(volume, "secret").get("secretName"))).as("%s %s", service, file).contains(key);
        } else {
            assertThat(map(m.get("ConfigMap", (String) map(volume, "configMap").get("name")), "data")).as("%s %s", service, file).containsKey(key);
        }
    }
}
