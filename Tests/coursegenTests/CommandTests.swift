import Foundation
import Testing

/// The real binary, run as a user runs it: output, exit codes and files.
@Suite struct CommandTests {
    @Test func evalPrintsValuesAndAutodiffDerivatives() throws {
        let result = try Coursegen.run(["eval", "leaky_relu(x, 0.01)", "--at", "x=-2,0,3", "--grad", "x"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            x=-2  value=-0.02  d/dx=0.01
            x=0  value=0  d/dx=0.01
            x=3  value=3  d/dx=1

            """)
    }

    @Test func evalJSONMatchesTheSigmoidDerivativeIdentity() throws {
        let result = try Coursegen.run(["eval", "sigmoid(x)", "--at", "x=-1,0.5,2", "--grad", "x", "--format", "json"])
        #expect(result.status == 0)
        let rows = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Double]])
        #expect(rows.map { $0["x"] } == [-1, 0.5, 2])
        for row in rows {
            let x = try #require(row["x"]), value = try #require(row["value"]), grad = try #require(row["grad"])
            #expect(abs(value - 1 / (1 + exp(-x))) < 1e-15)
            #expect(abs(grad - value * (1 - value)) < 1e-15)
        }
    }

    @Test func evalReportsUnknownFunctionLikeACompiler() throws {
        let result = try Coursegen.run(["eval", "sigmoud(x)", "--at", "x=1"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            <expression>:1:1: error: unknown function 'sigmoud'
            1 | sigmoud(x)
              | ^
            note: did you mean 'sigmoid'?

            """)
    }

    @Test func evalLocatesAVariableThatHasNoValue() throws {
        let result = try Coursegen.run(["eval", "x * y2 + y", "--at", "x=1"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            <expression>:1:10: error: the expression uses 'y', but --at gives only 'x'
            1 | x * y2 + y
              |          ^

            """)
    }

    @Test func evalRejectsBadPointsAsUsageError() throws {
        let result = try Coursegen.run(["eval", "x", "--at", "x=abc"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--at: 'abc' is not a finite number"))
    }

    @Test func runPrintsShownValuesAndTables() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("and.nn")
        try Data("""
            and(x1, x2) = step(x1 + x2 - 1.5)
            truth_table "AND" and over x1, x2 in {0, 1}
            show "0.25^9": 0.25^9 | .2e
            """.utf8).write(to: script)
        let result = try Coursegen.run(["run", script.path])
        #expect(result.status == 0, "\(result.stderr)")
        // The table's last column is computed by `step`; only (1, 1) gives 1.
        #expect(result.stdout == """
            AND
            x1  x2  and
            --  --  ---
             0   0    0
             0   1    0
             1   0    0
             1   1    1
            0.25^9 = \(String(format: "%.2e", pow(0.25, 9)))

            """)
    }

    @Test func buildOfMissingFolderFailsAndWritesNothing() throws {
        let folder = try Coursegen.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Coursegen.run(
            ["build", "NoSuchContent", "--out", "site", "--templates", Coursegen.repository.appendingPathComponent("Sources/CourseBuilder/Templates").path],
            in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == "error: content folder 'NoSuchContent' does not exist\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
