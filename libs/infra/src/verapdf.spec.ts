import { parseVeraPdfReport } from './verapdf';

const REPORT = `<job>
<item size="86821"><name>/tmp/packet.pdf</name></item>
<validationReport jobEndStatus="normal" profileName="PDF/UA-1 validation profile" isCompliant="false">
  <details passedRules="100" failedRules="2" passedChecks="5000" failedChecks="333">
    <rule specification="ISO 14289-1:2014" clause="7.1" testNumber="3" status="failed" failedChecks="332" tags="artifact">
      <description>Content shall be marked as Artifact or tagged as real content</description>
      <object>SESimpleContentItem</object>
      <test>isTaggedContent == true</test>
      <check status="failed"><context>root/document[0]/pages[0](3 0 obj PDPage)/contentStream[0]</context></check>
    </rule>
    <rule specification="ISO 14289-1:2014" clause="7.2" testNumber="34" status="passed" passedChecks="1"/>
    <rule specification="ISO 14289-1:2014" clause="7.1" testNumber="10" status="failed" failedChecks="1" tags="syntax">
      <description>The ViewerPreferences dictionary &amp; DisplayDocTitle &lt;true&gt;</description>
      <object>PDDocument</object>
    </rule>
  </details>
</validationReport>
</job>`;

describe('parseVeraPdfReport', () => {
  it('lists the failed rules with clause, description, count and contexts', () => {
    const r = parseVeraPdfReport(REPORT);
    expect(r.compliant).toBe(false);
    expect(r.failedRules).toEqual([
      {
        specification: 'ISO 14289-1:2014',
        clause: '7.1',
        testNumber: '3',
        description: 'Content shall be marked as Artifact or tagged as real content',
        failedChecks: 332,
        contexts: ['root/document[0]/pages[0](3 0 obj PDPage)/contentStream[0]'],
      },
      {
        specification: 'ISO 14289-1:2014',
        clause: '7.1',
        testNumber: '10',
        description: 'The ViewerPreferences dictionary & DisplayDocTitle <true>',
        failedChecks: 1,
        contexts: [],
      },
    ]);
  });

  it('reads a conforming report as no failed rule, and refuses output without a report', () => {
    expect(
      parseVeraPdfReport(
        '<validationReport isCompliant="true"><details failedRules="0"></details></validationReport>',
      ),
    ).toEqual({ compliant: true, failedRules: [] });
    expect(() => parseVeraPdfReport('Exception in thread main')).toThrow(/no validationReport/);
  });
});
