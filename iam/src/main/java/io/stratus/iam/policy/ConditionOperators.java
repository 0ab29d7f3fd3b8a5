package io.stratus.iam.policy;

import io.stratus.iam.policy.Statement.Condition;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The condition operators of the policy language and how each compares a policy value with a
 * request value, including the IfExists suffix and the ForAnyValue / ForAllValues set qualifiers.
 */
final class ConditionOperators {
    private record Base(boolean negated, boolean substituteAsPattern, BiPredicate<String, String> matches) {}

    private static final Map<String, Base> BASES = Map.ofEntries(
            Map.entry("StringEquals", new Base(false, false, String::equals)),
            Map.entry("StringNotEquals", new Base(true, false, String::equals)),
            Map.entry("StringEqualsIgnoreCase", new Base(false, false, String::equalsIgnoreCase)),
            Map.entry("StringNotEqualsIgnoreCase", new Base(true, false, String::equalsIgnoreCase)),
            Map.entry("StringLike", new Base(false, true, (p, v) -> Wildcards.matches(p, v, false))),
            Map.entry("StringNotLike", new Base(true, true, (p, v) -> Wildcards.matches(p, v, false))),
            Map.entry("NumericEquals", new Base(false, false, (p, v) -> compareNumbers(p, v) == 0)),
            Map.entry("NumericNotEquals", new Base(true, false, (p, v) -> compareNumbers(p, v) == 0)),
            Map.entry("NumericLessThan", new Base(false, false, (p, v) -> compareNumbers(v, p) < 0)),
            Map.entry("NumericLessThanEquals", new Base(false, false, (p, v) -> compareNumbers(v, p) <= 0)),
            Map.entry("NumericGreaterThan", new Base(false, false, (p, v) -> compareNumbers(v, p) > 0)),
            Map.entry("NumericGreaterThanEquals", new Base(false, false, (p, v) -> compareNumbers(v, p) >= 0)),
            Map.entry("DateEquals", new Base(false, false, (p, v) -> compareDates(p, v) == 0)),
            Map.entry("DateNotEquals", new Base(true, false, (p, v) -> compareDates(p, v) == 0)),
            Map.entry("DateLessThan", new Base(false, false, (p, v) -> compareDates(v, p) < 0)),
            Map.entry("DateLessThanEquals", new Base(false, false, (p, v) -> compareDates(v, p) <= 0)),
            Map.entry("DateGreaterThan", new Base(false, false, (p, v) -> compareDates(v, p) > 0)),
            Map.entry("DateGreaterThanEquals", new Base(false, false, (p, v) -> compareDates(v, p) >= 0)),
            Map.entry("Bool", new Base(false, false, String::equalsIgnoreCase)),
            Map.entry("BinaryEquals", new Base(false, false, String::equals)),
            Map.entry("IpAddress", new Base(false, false, ConditionOperators::inCidr)),
            Map.entry("NotIpAddress", new Base(true, false, ConditionOperators::inCidr)),
            Map.entry("ArnEquals", new Base(false, true, Wildcards::arnMatches)),
            Map.entry("ArnLike", new Base(false, true, Wildcards::arnMatches)),
            Map.entry("ArnNotEquals", new Base(true, true, Wildcards::arnMatches)),
            Map.entry("ArnNotLike", new Base(true, true, Wildcards::arnMatches)));

    private static final int NOT_COMPARABLE = Integer.MIN_VALUE;

    private ConditionOperators() {}

    static boolean isKnown(String operator) {
        String base = stripQualifiers(operator);
        return base.equals("Null") ? !operator.contains(":") && !operator.endsWith("IfExists") : BASES.containsKey(base);
    }

    static boolean evaluate(Condition condition, RequestContext request) {
        String operator = condition.operator();
        List<String> actual = request.values(condition.key());
        boolean present = actual != null && !actual.isEmpty();
        if (operator.equals("Null")) {
            return condition.values().stream().anyMatch(v -> v.equalsIgnoreCase("true") != present);
        }
        boolean forAny = operator.startsWith("ForAnyValue:");
        boolean forAll = operator.startsWith("ForAllValues:");
        boolean ifExists = operator.endsWith("IfExists");
        Base base = BASES.get(stripQualifiers(operator));
        if (base == null) {
            return false;
        }
        if (!present) {
            if (forAll || ifExists) {
                return true;
            }
            return !forAny && base.negated();
        }
        List<String> expected = condition.values().stream()
                .map(v -> PolicyVariables.substitute(v, request, base.substituteAsPattern()))
                .toList();
        if (forAll) {
            return actual.stream().allMatch(value -> holds(base, expected, value));
        }
        if (forAny) {
            return actual.stream().anyMatch(value -> holds(base, expected, value));
        }
        // A single-valued key: a negated operator holds when no request value matches any policy value.
        return base.negated()
                ? actual.stream().noneMatch(value -> anyMatch(base, expected, value))
                : actual.stream().anyMatch(value -> anyMatch(base, expected, value));
    }

    private static boolean holds(Base base, List<String> expected, String value) {
        boolean any = anyMatch(base, expected, value);
        return base.negated() != any;
    }

    private static boolean anyMatch(Base base, List<String> expected, String value) {
        for (String pattern : expected) {
            if (pattern != null && base.matches().test(pattern, value)) {
                return true;
            }
        }
        return false;
    }

    private static String stripQualifiers(String operator) {
        String base = operator;
        if (base.startsWith("ForAnyValue:")) {
            base = base.substring("ForAnyValue:".length());
        } else if (base.startsWith("ForAllValues:")) {
            base = base.substring("ForAllValues:".length());
        }
        if (base.endsWith("IfExists")) {
            base = base.substring(0, base.length() - "IfExists".length());
        }
        return base;
    }

    /** a compared to b; NOT_COMPARABLE (which every comparison treats as false) when either is not a number. */
    private static int compareNumbers(String a, String b) {
        try {
            return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim()));
        } catch (NumberFormatException e) {
            return NOT_COMPARABLE;
        }
    }

    private static int compareDates(String a, String b) {
        Instant x = date(a);
        Instant y = date(b);
        return x == null || y == null ? NOT_COMPARABLE : x.compareTo(y);
    }

    private static Instant date(String text) {
        String value = text.trim();
        if (value.matches("-?\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** True when the address {@code value} lies in {@code cidr} (an address alone is a /32 or /128). */
    static boolean inCidr(String cidr, String value) {
        int slash = cidr.indexOf('/');
        byte[] network = address(slash < 0 ? cidr : cidr.substring(0, slash));
        byte[] address = address(value);
        if (network == null || address == null || network.length != address.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > network.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Parses an IP literal only (never a host name: no DNS lookups while authorising). */
    private static byte[] address(String text) {
        String value = text.trim();
        if (value.isEmpty() || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        if (value.indexOf(':') < 0 && (value.split("\\.", -1).length != 4
                || Arrays.stream(value.split("\\.")).anyMatch(p -> p.isEmpty() || !p.chars().allMatch(Character::isDigit)))) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
