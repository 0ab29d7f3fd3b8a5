package io.stratus.storage.disk;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.PartInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary codecs of every stored value. Each value starts with a format-version byte so that a
 * later release can read what this one wrote. Layout is field by field in declaration order.
 */
final class Records {
    static final byte V1 = 1;

    private Records() {
    }

    record BucketRecord(long id, Instant created, String region) {
    }

    record ObjectRecord(long size, String etag, Instant lastModified, ObjectMetadata metadata, ChecksumValue checksum,
                        List<PartInfo> parts, List<Segment> segments) {
    }

    record UploadRecord(String uploadId, Instant initiated, ObjectMetadata metadata, ChecksumAlgorithm algorithm,
                        ChecksumValue.ChecksumType type) {
    }

    record PartRecord(PartInfo info, Segment segment) {
    }

    // ---- buckets: name -> [v][id][created millis][region]
    static byte[] encode(BucketRecord r) {
        return write(out -> {
            out.writeLong(r.id());
            out.writeLong(r.created().toEpochMilli());
            out.writeUTF(r.region());
        });
    }

    static BucketRecord decodeBucket(byte[] b) {
        return read(b, in -> new BucketRecord(in.readLong(), Instant.ofEpochMilli(in.readLong()), in.readUTF()));
    }

    // ---- objects: bucketId + key -> record
    static byte[] encode(ObjectRecord r) {
        return write(out -> {
            out.writeLong(r.size());
            out.writeUTF(r.etag());
            out.writeLong(r.lastModified().toEpochMilli());
            writeMetadata(out, r.metadata());
            writeChecksum(out, r.checksum());
            out.writeInt(r.parts().size());
            for (PartInfo p : r.parts()) {
                writePart(out, p);
            }
            out.writeInt(r.segments().size());
            for (Segment s : r.segments()) {
                writeSegment(out, s);
            }
        });
    }

    static ObjectRecord decodeObject(byte[] b) {
        return read(b, in -> {
            long size = in.readLong();
            String etag = in.readUTF();
            Instant modified = Instant.ofEpochMilli(in.readLong());
            ObjectMetadata metadata = readMetadata(in);
            ChecksumValue checksum = readChecksum(in);
            int partCount = in.readInt();
            List<PartInfo> parts = new ArrayList<>(partCount);
            for (int i = 0; i < partCount; i++) {
                parts.add(readPart(in));
            }
            int segmentCount = in.readInt();
            List<Segment> segments = new ArrayList<>(segmentCount);
            for (int i = 0; i < segmentCount; i++) {
                segments.add(readSegment(in));
            }
            return new ObjectRecord(size, etag, modified, metadata, checksum, parts, segments);
        });
    }

    // ---- uploads: bucketId + key + 0x00 + uploadId -> record
    static byte[] encode(UploadRecord r) {
        return write(out -> {
            out.writeUTF(r.uploadId());
            out.writeLong(r.initiated().toEpochMilli());
            writeMetadata(out, r.metadata());
            out.writeByte(r.algorithm() == null ? -1 : r.algorithm().ordinal());
            out.writeByte(r.type() == null ? -1 : r.type().ordinal());
        });
    }

    static UploadRecord decodeUpload(byte[] b) {
        return read(b, in -> {
            String id = in.readUTF();
            Instant initiated = Instant.ofEpochMilli(in.readLong());
            ObjectMetadata metadata = readMetadata(in);
            int alg = in.readByte();
            int type = in.readByte();
            return new UploadRecord(id, initiated, metadata, alg < 0 ? null : ChecksumAlgorithm.values()[alg],
                    type < 0 ? null : ChecksumValue.ChecksumType.values()[type]);
        });
    }

    // ---- parts: uploadId + 0x00 + partNumber (4 bytes BE) -> record
    static byte[] encode(PartRecord r) {
        return write(out -> {
            writePart(out, r.info());
            writeSegment(out, r.segment());
        });
    }

    static PartRecord decodePart(byte[] b) {
        return read(b, in -> new PartRecord(readPart(in), readSegment(in)));
    }

    private static void writePart(DataOutputStream out, PartInfo p) throws IOException {
        out.writeInt(p.partNumber());
        out.writeLong(p.size());
        out.writeUTF(p.etag());
        out.writeLong(p.lastModified().toEpochMilli());
        writeChecksum(out, p.checksum());
    }

    private static PartInfo readPart(DataInputStream in) throws IOException {
        return new PartInfo(in.readInt(), in.readLong(), in.readUTF(), Instant.ofEpochMilli(in.readLong()), readChecksum(in));
    }

    private static void writeSegment(DataOutputStream out, Segment s) throws IOException {
        if (s instanceof Segment.Inline inline) {
            out.writeByte(0);
            out.writeInt(inline.bytes().length);
            out.write(inline.bytes());
            out.writeInt(inline.crc32c());
        } else {
            Segment.File f = (Segment.File) s;
            out.writeByte(1);
            out.writeUTF(f.name());
            out.writeLong(f.length());
            out.writeInt(f.blockSize());
            out.writeInt(f.blockCrcs().length);
            for (int crc : f.blockCrcs()) {
                out.writeInt(crc);
            }
        }
    }

    private static Segment readSegment(DataInputStream in) throws IOException {
        int kind = in.readByte();
        if (kind == 0) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new Segment.Inline(bytes, in.readInt());
        }
        String name = in.readUTF();
        long length = in.readLong();
        int blockSize = in.readInt();
        int[] crcs = new int[in.readInt()];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = in.readInt();
        }
        return new Segment.File(name, length, blockSize, crcs);
    }

    private static void writeChecksum(DataOutputStream out, ChecksumValue c) throws IOException {
        if (c == null) {
            out.writeByte(-1);
            return;
        }
        out.writeByte(c.algorithm().ordinal());
        out.writeUTF(c.base64());
        out.writeByte(c.type().ordinal());
    }

    private static ChecksumValue readChecksum(DataInputStream in) throws IOException {
        int alg = in.readByte();
        if (alg < 0) {
            return null;
        }
        return new ChecksumValue(ChecksumAlgorithm.values()[alg], in.readUTF(), ChecksumValue.ChecksumType.values()[in.readByte()]);
    }

    private static void writeMetadata(DataOutputStream out, ObjectMetadata m) throws IOException {
        writeMap(out, m.system());
        writeMap(out, m.user());
        writeMap(out, m.tags());
    }

    private static ObjectMetadata readMetadata(DataInputStream in) throws IOException {
        return new ObjectMetadata(readMap(in), readMap(in), readMap(in));
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        Map<String, String> sorted = new TreeMap<>(map);
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    /** Strings of any length (writeUTF stops at 64 KiB). */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(V1);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] b, Reader<T> r) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            byte version = in.readByte();
            if (version != V1) {
                throw new IllegalStateException("Unknown metadata format version " + version);
            }
            return r.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt metadata record", e);
        }
    }
}
