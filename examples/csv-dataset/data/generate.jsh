// Writes train.csv and test.csv: a noisy 2x2 checkerboard (label 1 where exactly one of x1, x2 is positive)
// plus a third column of pure noise on another scale, which standardising tames. Run: jshell generate.jsh
import java.nio.file.*;
import java.util.*;

String rows(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("x1,x2,noise,label\n");
    for (int i = 0; i < count; i++) {
        double x1 = random.nextDouble(-1, 1);
        double x2 = random.nextDouble(-1, 1);
        double noise = 100 * random.nextDouble();
        int label = (x1 > 0) != (x2 > 0) ? 1 : 0;
        csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.2f,%d%n", x1, x2, noise, label));
    }
    return csv.toString();
}

Files.writeString(Path.of("train.csv"), rows(400, 1));
Files.writeString(Path.of("test.csv"), rows(100, 2));
/exit
