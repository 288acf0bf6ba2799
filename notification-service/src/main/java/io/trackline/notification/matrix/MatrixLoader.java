package io.trackline.notification.matrix;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the matrix once at start-up: the operator's file ({@code trackline.notification.matrix-file}) if set,
 * the shipped {@code communication-matrix.yaml} otherwise. A bad file stops the start with the line at fault.
 */
@ApplicationScoped
public class MatrixLoader {

    private static final Logger LOG = Logger.getLogger(MatrixLoader.class);
    static final String DEFAULT_RESOURCE = "communication-matrix.yaml";

    @ConfigProperty(name = "trackline.notification.matrix-file")
    Optional<String> matrixFile;

    @Produces
    @Singleton
    @Startup
    CommunicationMatrix matrix() {
        CommunicationMatrix matrix = matrixFile.filter(f -> !f.isBlank()).map(MatrixLoader::fromFile)
                .orElseGet(MatrixLoader::shipped);
        LOG.infof("Communication matrix from %s: %d event types", matrix.source(), matrix.rows().size());
        return matrix;
    }

    public static CommunicationMatrix fromFile(String file) {
        try {
            return MatrixParser.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new MatrixFileException("cannot read the communication matrix " + file + ": " + e, e);
        }
    }

    public static CommunicationMatrix shipped() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
            }
            return MatrixParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
