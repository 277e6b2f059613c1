package dev.streamgrad.model;

import java.util.Collection;

/**
 * Suggests the known key closest to a misspelt one (edit distance), for "did you mean" hints: one rule for the
 * configuration's keys and the spec's JSON fields alike.
 */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    /**
     * @param key the unknown key
     * @param known the known keys
     * @return the closest known key if it is within a third of the key's length in edits, else {@code null}
     */
    public static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** @return the Levenshtein distance between a and b */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
