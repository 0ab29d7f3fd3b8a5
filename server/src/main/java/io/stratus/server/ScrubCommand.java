package io.stratus.server;

import io.stratus.storage.disk.DiskStorageEngine;
import io.stratus.storage.disk.DiskStorageOptions;
import io.stratus.storage.disk.Scrubber;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stratus scrub}: verify every object of a (stopped) data directory against its checksums. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Verify every stored object against its checksums and report damage (run with the server stopped).")
final class ScrubCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "${env:STRATUS_DATA_DIR:-./stratus-data}",
            description = "Data directory (env STRATUS_DATA_DIR, default ./stratus-data).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        try (DiskStorageEngine engine = DiskStorageEngine.open(dataDir, DiskStorageOptions.defaults().withMinFreeBytes(0))) {
            Scrubber.Report report = new Scrubber(engine).run();
            for (Scrubber.Damage d : report.damaged()) {
                System.out.println("DAMAGED s3://" + d.bucket() + "/" + d.key() + ": " + d.reason());
            }
            System.out.println("scrub: " + report.objectsChecked() + " objects, " + report.bytesChecked() + " bytes checked, "
                    + report.damaged().size() + " damaged");
            return report.damaged().isEmpty() ? 0 : 1;
        }
    }
}
