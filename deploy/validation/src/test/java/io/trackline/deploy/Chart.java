package io.trackline.deploy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Paths of the repository and the chart, and rendering the chart with Helm (helm-java: Helm's Go code, no binary). */
final class Chart {
    static final List<String> SERVICES =
            List.of("order-service", "tracking-service", "notification-service", "exception-service", "audit-service");

    static final Path ROOT = Path.of(System.getProperty("trackline.root", "../..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("deploy/helm/trackline");
    static final Path RENDERED = Path.of(System.getProperty("trackline.rendered", "target/rendered")).toAbsolutePath();

    private static final YAMLMapper YAML = new YAMLMapper();

    private Chart() {
    }

    /** helm template of the chart with these values files (after the chart's values.yaml), as text. */
    static String template(String... valuesFiles) {
        var cmd = new Helm(CHART).template().withName("trackline").withNamespace("trackline").withKubeVersion("1.30.0");
        for (String values : valuesFiles) {
            cmd = cmd.withValuesFile(CHART.resolve(values));
        }
        return cmd.call();
    }

    /** Renders, writes the result to target/rendered/{name}.yaml (for the schema check that follows) and parses it. */
    static Manifests render(String name, String... valuesFiles) throws IOException {
        String text = template(valuesFiles);
        Files.createDirectories(RENDERED);
        Files.writeString(RENDERED.resolve(name + ".yaml"), text);
        return new Manifests(parse(text));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String text) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var it = YAML.readerFor(Object.class).readValues(text)) {
            while (it.hasNext()) {
                // a document of comments only (a template that rendered nothing) is null
                if (it.next() instanceof Map<?, ?> doc && !doc.isEmpty()) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    static Stream<Path> files(Path dir) throws IOException {
        return Files.walk(dir).filter(Files::isRegularFile);
    }

    /** The rendered manifests, with small accessors over the parsed maps. */
    record Manifests(List<Map<String, Object>> all) {
        List<Map<String, Object>> ofKind(String kind) {
            return all.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        }

        Map<String, Object> get(String kind, String name) {
            return all.stream().filter(m -> kind.equals(m.get("kind")) && name.equals(name(m))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart"));
        }

        boolean has(String kind, String name) {
            return all.stream().anyMatch(m -> kind.equals(m.get("kind")) && name.equals(name(m)));
        }
    }

    static String name(Map<String, Object> manifest) {
        return Objects.toString(map(manifest, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object parent, String... path) {
        Object at = parent;
        for (String key : path) {
            at = at == null ? null : ((Map<String, Object>) at).get(key);
        }
        return at == null ? Map.of() : (Map<String, Object>) at;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object parent, String... path) {
        Object at = parent;
        for (int i = 0; i < path.length; i++) {
            at = at == null ? null : ((Map<String, Object>) at).get(path[i]);
        }
        return at == null ? List.of() : (List<Map<String, Object>>) at;
    }
}
