import Foundation
import Grader
import Testing

@Suite struct StudentIDTests {
    @Test func idsAreTrimmedAndCanonicallyComposed() {
        let composed = "jos\u{E9}", decomposed = "jose\u{301}"
        #expect(Submission.checkedStudentID(" \(decomposed) ") == composed)
        #expect(Submission.checkedStudentID(composed) == composed)
    }

    @Test func emptyOverlongAndControlCharacterIdsAreRefused() {
        #expect(Submission.checkedStudentID("   ") == nil)
        #expect(Submission.checkedStudentID(String(repeating: "a", count: 201)) == nil)
        #expect(Submission.checkedStudentID("a\u{7}b") == nil)
    }
}
