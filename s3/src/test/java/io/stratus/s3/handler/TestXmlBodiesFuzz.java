package io.stratus.s3.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.s3.S3Exception;
import io.stratus.s3.support.Tags;
import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the XML request bodies: {@link XmlReader} (DTDs, external entities and entity expansion
 * refused, depth and element counts bounded) and what the handlers read from it — the
 * CompleteMultipartUpload part list, the Delete key list (checked whole before anything is
 * deleted), Tagging, CreateBucketConfiguration. Every document is accepted within AWS's limits or
 * refused with MalformedXML, InvalidArgument or InvalidTag; nothing else is thrown, nothing hangs.
 *
 * <p>Input: byte 0 picks the document (0 CompleteMultipartUpload, 1 Delete, 2 Tagging, 3
 * CreateBucketConfiguration), byte 1 the upload's checksum algorithm for 0 (0 none, else one of
 * {@link ChecksumAlgorithm}); the rest is the body. Seeds are under {@code TestXmlBodiesFuzzInputs/parse}.
 */
class TestXmlBodiesFuzz {
    private static final XmlReader READER = new XmlReader();
    private static final Set<String> DOCUMENTED = Set.of("MalformedXML/400", "InvalidArgument/400", "InvalidTag/400");
    private static final ChecksumAlgorithm[] ALGORITHMS = ChecksumAlgorithm.values();

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest
    void parse(byte[] input) {
        if (input.length < 2) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 2, input.length);
        int algorithm = (input[1] & 0xFF) % (ALGORITHMS.length + 1);
        try {
            switch ((input[0] & 0xFF) % 4) {
                case 0 -> completeMultipartUpload(body, algorithm == 0 ? null : ALGORITHMS[algorithm - 1]);
                case 1 -> delete(body);
                case 2 -> tagging(body);
                default -> READER.parse(body, "CreateBucketConfiguration").childText("LocationConstraint");
            }
        } catch (S3Exception e) {
            assertThat(e.code() + "/" + e.httpStatus()).isIn(DOCUMENTED);
        }
    }

    private static void completeMultipartUpload(byte[] body, ChecksumAlgorithm algorithm) throws S3Exception {
        List<CompleteMultipartHandler.RequestedPart> parts = CompleteMultipartHandler.parse(READER, body, algorithm);
        assertThat(parts).isNotEmpty();
        for (CompleteMultipartHandler.RequestedPart part : parts) {
            assertThat(part.number()).isBetween(1, Integers.MAX_PART_NUMBER);
            assertThat(part.etag()).isNotNull();
            if (algorithm == null) {
                assertThat(part.checksum()).isNull();
            }
        }
    }

    private static void delete(byte[] body) throws S3Exception {
        XmlElement delete = DeleteObjectsHandler.parse(READER, body);
        List<XmlElement> entries = delete.children("Object");
        assertThat(entries).hasSizeBetween(1, 1000);
        // Every entry is usable before the handler deletes the first one.
        entries.forEach(entry -> assertThat(entry.child("Key")).isNotNull());
    }

    private static void tagging(byte[] body) throws S3Exception {
        Map<String, String> tags = Tags.parseXml(READER.parse(body, "Tagging"));
        assertThat(tags).hasSizeLessThanOrEqualTo(10);
        tags.forEach((k, v) -> {
            assertThat(k.length()).isBetween(1, 128);
            assertThat(v.length()).isLessThanOrEqualTo(256);
        });
    }
}
