package io.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestStoredValues {
    private static final Instant T = Instant.parse("2024-05-06T07:08:09.123456789Z");

    @Test
    void objectRecordRoundTrips() {
        ObjectMetadata metadata = new ObjectMetadata(Map.of("content-type", "a/b", "cache-control", "no"),
                Map.of("x", "ü"), Map.of("tag", ""));
        ChecksumValue checksum = new ChecksumValue(ChecksumAlgorithm.CRC64NVME, "AAAAAAAAAAA=", ChecksumValue.ChecksumType.FULL_OBJECT);
        List<PartInfo> parts = List.of(new PartInfo(1, 10, "e1", T, null), new PartInfo(7, 5, "e7", T, checksum));
        FileSegment one = new FileSegment(FileId.random(), 10, 4, new int[] {1, 2, 3});
        FileSegment two = new FileSegment(FileId.random(), 5, 1024, new int[] {-1});
        ObjectRecord files = new ObjectRecord(15, "etag-2", T, metadata, checksum, parts, new ObjectData.Files(List.of(one, two)));

        ObjectRecord decoded = ObjectRecord.decode(files.encode());
        assertThat(decoded.toInfo("b", "k")).isEqualTo(files.toInfo("b", "k"));
        List<FileSegment> segments = ((ObjectData.Files) decoded.data()).segments();
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).fileId()).isEqualTo(one.fileId());
        assertThat(segments.get(0).blockCrcs()).containsExactly(1, 2, 3);
        assertThat(segments.get(1).blockSize()).isEqualTo(1024);
        assertThat(ObjectRecord.decodeInfo("b", "k", files.encode())).isEqualTo(files.toInfo("b", "k"));

        ObjectRecord inline = new ObjectRecord(3, "e", T, ObjectMetadata.empty(), null, List.of(), new ObjectData.Inline(new byte[] {1, 2, 3}, 42));
        ObjectData.Inline back = (ObjectData.Inline) ObjectRecord.decode(inline.encode()).data();
        assertThat(back.bytes()).containsExactly(1, 2, 3);
        assertThat(back.crc32c()).isEqualTo(42);
    }

    @Test
    void encodingIsDeterministicAndVersioned() {
        ObjectMetadata a = new ObjectMetadata(Map.of("a", "1", "b", "2", "c", "3"), Map.of(), Map.of());
        ObjectMetadata b = new ObjectMetadata(Map.of("c", "3", "b", "2", "a", "1"), Map.of(), Map.of());
        ObjectRecord ra = new ObjectRecord(0, "e", T, a, null, List.of(), new ObjectData.Inline(new byte[0], 0));
        ObjectRecord rb = new ObjectRecord(0, "e", T, b, null, List.of(), new ObjectData.Inline(new byte[0], 0));
        assertThat(ra.encode()).isEqualTo(rb.encode()).startsWith(ObjectRecord.FORMAT_VERSION);

        byte[] future = ra.encode();
        future[0] = 99;
        assertThatThrownBy(() -> ObjectRecord.decode(future)).isInstanceOf(IllegalStateException.class).hasMessageContaining("version 99");
        byte[] truncated = java.util.Arrays.copyOf(ra.encode(), 10);
        assertThatThrownBy(() -> ObjectRecord.decode(truncated)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherRecordsRoundTrip() {
        BucketRecord bucket = new BucketRecord(42, T, "eu-central-1");
        assertThat(BucketRecord.decode(bucket.encode())).isEqualTo(bucket);
        UploadRecord upload = new UploadRecord(T, ObjectMetadata.empty(), ChecksumAlgorithm.SHA1, ChecksumValue.ChecksumType.COMPOSITE);
        assertThat(UploadRecord.decode(upload.encode())).isEqualTo(upload);
        UploadRecord plain = new UploadRecord(T, ObjectMetadata.empty(), null, null);
        assertThat(UploadRecord.decode(plain.encode())).isEqualTo(plain);
        PartRecord part = new PartRecord(new PartInfo(3, 9, "e", T, null), new FileSegment(FileId.random(), 9, 8, new int[] {5, 6}));
        PartRecord partBack = PartRecord.decode(part.encode());
        assertThat(partBack.info()).isEqualTo(part.info());
        assertThat(partBack.segment().fileId()).isEqualTo(part.segment().fileId());
    }

    @Test
    void uploadIdsAreUrlSafeAndSortByCreation() {
        UploadIds ids = new UploadIds(Clock.fixed(T, ZoneOffset.UTC));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            created.add(ids.next());
        }
        assertThat(created).allSatisfy(id -> {
            assertThat(id).hasSize(UploadIds.LENGTH).matches("[A-Za-z0-9_-]+");
            assertThat(UploadIds.isWellFormed(id)).isTrue();
        });
        assertThat(created).isSorted().doesNotHaveDuplicates();
        assertThat(UploadIds.isWellFormed("short")).isFalse();
        assertThat(UploadIds.isWellFormed("a".repeat(31) + "!")).isFalse();
        assertThat(UploadIds.isWellFormed(null)).isFalse();
    }

    @Test
    void fileIdsParseOnlyTheirOwnNames() {
        FileId id = FileId.random();
        assertThat(FileId.parse(id.hex())).contains(id);
        assertThat(FileId.fromBytes(id.bytes(), 0)).isEqualTo(id);
        assertThat(FileId.parse("README")).isEmpty();
        assertThat(FileId.parse("G".repeat(32))).isEmpty();
        assertThat(FileId.parse(id.hex().toUpperCase())).isEmpty();
    }

    @Test
    void segmentsRejectAWrongNumberOfBlockCrcs() {
        assertThatThrownBy(() -> new FileSegment(FileId.random(), 10, 4, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new FileSegment(FileId.random(), 0, 4, new int[0]).blockCrcs()).isEmpty();
        assertThat(new FileSegment(FileId.random(), 10, 4, new int[3]).blockLength(2)).isEqualTo(2);
    }

    @Test
    void storageOptionDefaultsArePinned() {
        StorageOptions defaults = StorageOptions.defaults();
        assertThat(defaults.inlineThreshold()).isEqualTo(128 * 1024);
        assertThat(defaults.blockSize()).isEqualTo(1024 * 1024);
        assertThat(defaults.minFreeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.withBlockSize(4096).blockSize()).isEqualTo(4096);
        assertThatThrownBy(() -> defaults.withBlockSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withInlineThreshold(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMinFreeBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
