package io.trackline.loadgen;

import io.trackline.events.data.Location;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * The multipart form a driver's app posts as proof of delivery: recipient, time, place and a signature PNG drawn
 * from the recipient's name.
 */
final class ProofOfDeliveryForm {

    private ProofOfDeliveryForm() {
    }

    static byte[] body(String boundary, String recipient, OffsetDateTime deliveredAt, Location where) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "recipientName", null, utf8(recipient));
        part(body, boundary, "deliveredAt", null, utf8(deliveredAt.toString()));
        part(body, boundary, "latitude", null, utf8(String.valueOf(where.latitude())));
        part(body, boundary, "longitude", null, utf8(String.valueOf(where.longitude())));
        part(body, boundary, "signature", "signature.png", signature(recipient));
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        return body.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String file, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (file == null ? "" : "; filename=\"" + file + "\"\r\nContent-Type: image/png") + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A signature, as a PNG: a scribble drawn from the recipient's name (lines only: no fonts needed). */
    private static byte[] signature(String recipient) {
        BufferedImage image = new BufferedImage(320, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 100);
        g.setColor(new Color(20, 40, 120));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2.5f));
        int x = 16;
        int y = 55;
        for (char c : recipient.toCharArray()) {
            int nextX = x + 9;
            int nextY = 35 + Math.floorMod(c * 37, 45);
            g.drawLine(x, y, nextX, nextY);
            x = nextX;
            y = nextY;
        }
        g.drawLine(16, 85, Math.min(300, x + 20), 80);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
