package io.stratus.bench;

/** What one row of results measured. */
public enum Operation {
    PUT("PUT"),
    GET("GET"),
    HEAD("HEAD"),
    DELETE("DELETE"),
    /** ListObjectsV2, one page, from a random start-after position. */
    LIST("LIST"),
    /** Initiate + all parts + complete, as one operation. */
    MULTIPART("MULTIPART"),
    /** The CompleteMultipartUpload call alone (where a store that copies parts pays). */
    MULTIPART_COMPLETE("MPU-COMPLETE"),
    /** Filling the listing bucket with empty objects (untimed steps, shown for the record). */
    FILL("PUT-FILL");

    private final String label;

    Operation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
