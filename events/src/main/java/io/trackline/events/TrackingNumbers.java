package io.trackline.events;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Tracking numbers in the UPU S10 layout: two letters, an eight-digit serial, a mod-11 check digit and two
 * letters ({@code TL123456785NL}). Serials are random, so numbers are not sequential; the check digit catches
 * any single mistyped digit and most swaps.
 */
public final class TrackingNumbers {

    private static final int[] WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};
    private static final Pattern FORMAT = Pattern.compile("^[A-Z]{2}[0-9]{9}[A-Z]{2}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TrackingNumbers() {
    }

    public static String generate(String prefix, String suffix) {
        if (!prefix.matches("[A-Z]{2}") || !suffix.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("prefix and suffix must be two capital letters");
        }
        String serial = String.format("%08d", RANDOM.nextInt(100_000_000));
        return prefix + serial + checkDigit(serial) + suffix;
    }

    public static int checkDigit(String serial) {
        if (serial.length() != 8) {
            throw new IllegalArgumentException("an S10 serial has eight digits");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (serial.charAt(i) - '0') * WEIGHTS[i];
        }
        int check = 11 - (sum % 11);
        return check == 10 ? 0 : check == 11 ? 5 : check;
    }

    public static boolean isValid(String trackingNumber) {
        if (trackingNumber == null || !FORMAT.matcher(trackingNumber).matches()) {
            return false;
        }
        String serial = trackingNumber.substring(2, 10);
        return checkDigit(serial) == trackingNumber.charAt(10) - '0';
    }
}
