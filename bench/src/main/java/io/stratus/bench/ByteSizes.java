package io.stratus.bench;

import java.util.Locale;

/** Parses and prints byte sizes the way the command line and the tables show them: 4KiB, 1MiB, 64MiB. */
public final class ByteSizes {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;

    private ByteSizes() {
    }

    /** Accepts a plain number of bytes or one with a binary unit: B, K/KiB/KB, M/MiB/MB, G/GiB/GB (all 1024-based). */
    public static long parse(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        int split = 0;
        while (split < value.length() && (Character.isDigit(value.charAt(split)) || value.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        double number = Double.parseDouble(value.substring(0, split));
        long unit = switch (value.substring(split).trim()) {
            case "", "B" -> 1;
            case "K", "KB", "KIB" -> KIB;
            case "M", "MB", "MIB" -> MIB;
            case "G", "GB", "GIB" -> GIB;
            default -> throw new IllegalArgumentException("unknown size unit in " + text + " (use B, KiB, MiB, GiB)");
        };
        double bytes = number * unit;
        if (bytes != Math.rint(bytes) || bytes < 0 || bytes > Long.MAX_VALUE) {
            throw new IllegalArgumentException("not a whole number of bytes: " + text);
        }
        return (long) bytes;
    }

    /** 4096 -> "4KiB", 67108864 -> "64MiB", 1000 -> "1000B". */
    public static String format(long bytes) {
        if (bytes >= GIB && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return bytes + "B";
    }

    /** Rounded for reading: "512 MiB", "54.4 GiB". */
    public static String human(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", (double) bytes / GIB);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.0f MiB", (double) bytes / MIB);
        }
        return String.format(Locale.ROOT, "%.0f KiB", (double) bytes / KIB);
    }

    /** 100000 -> "100k", 1000000 -> "1M", 1500 -> "1500". */
    public static String formatCount(long count) {
        if (count >= 1_000_000 && count % 1_000_000 == 0) {
            return count / 1_000_000 + "M";
        }
        if (count >= 1_000 && count % 1_000 == 0) {
            return count / 1_000 + "k";
        }
        return Long.toString(count);
    }
}
