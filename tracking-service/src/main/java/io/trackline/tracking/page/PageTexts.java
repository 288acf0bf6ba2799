package io.trackline.tracking.page;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The tracking page's texts per language ({@code page-texts/<lang>.properties}); English fills any gap. */
@ApplicationScoped
public class PageTexts {

    public static final String DEFAULT_LANGUAGE = "en";
    private static final String[] LANGUAGES = {"en", "nl"};

    private final Map<String, Map<String, String>> texts = new HashMap<>();

    PageTexts() {
        Map<String, String> english = load(DEFAULT_LANGUAGE);
        for (String language : LANGUAGES) {
            Map<String, String> merged = new HashMap<>(english);
            merged.putAll(load(language));
            texts.put(language, Map.copyOf(merged));
        }
    }

    /** The texts for a language tag such as {@code nl} or {@code nl-BE}; English when there are none. */
    public Map<String, String> forLanguage(String language) {
        String base = language == null ? DEFAULT_LANGUAGE : Locale.forLanguageTag(language).getLanguage();
        return texts.getOrDefault(base, texts.get(DEFAULT_LANGUAGE));
    }

    private static Map<String, String> load(String language) {
        String resource = "page-texts/" + language + ".properties";
        try (InputStream in = PageTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new HashMap<>();
            properties.forEach((k, v) -> map.put((String) k, (String) v));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
