// The DfE's validation rules for the CIN census 2025-26, every one, each with what cpcase does about it: checked
// before the file is written, or why it cannot apply to what cpcase writes (no Assessments, no CIN plans, no date
// of death: the council's case system adds those). A query ('Q') is the DfE asking a council to confirm or
// explain; `advice` says what a person should look at. Numbers and wording as the DfE publishes them.

export type RuleStatus = 'checked' | { cannotApply: string };

export interface CensusRule {
  code: string;
  says: string;
  status: RuleStatus;
  /** For a query: what a person should check before submitting. */
  advice?: string;
}

const NO_ASSESSMENT: RuleStatus = {
  cannotApply: 'reads the Assessments module, which cpcase does not hold or write',
};
const NO_CIN_PLAN: RuleStatus = {
  cannotApply: 'reads CINplanDates, which cpcase does not hold or write',
};
const NO_DEATH: RuleStatus = {
  cannotApply: 'reads PersonDeathDate, which cpcase does not hold or write',
};
const FURTHER_ACTION: RuleStatus = {
  cannotApply:
    'every CINdetails cpcase writes carries ReferralNFA false: a child in the return had an enquiry or a plan',
};
const NO_ASSESSMENT_ADVICE =
  'cpcase holds no assessments: add it from the case system, or tell the DfE why there was none';

const rule = (code: string, says: string, status: RuleStatus = 'checked', advice?: string): CensusRule => ({
  code,
  says,
  status,
  ...(advice ? { advice } : {}),
});

export const CIN_RULES_2025_26: readonly CensusRule[] = [
  // The header.
  rule('100', 'Reference Date is incorrect'),
  // The child's identifiers.
  rule('8500', 'LA Child ID missing', {
    cannotApply:
      "every Child has an LA child id: the council's from its file, else cpcase's own (held to 1570 and 1580)",
  }),
  rule('8510', 'More than one child record with the same LA Child ID', {
    cannotApply: 'the export writes one Child per LA child id, its cases as CINdetails within it',
  }),
  rule('1570', 'LA Child ID must not be longer than 20 characters'),
  rule('1580', 'LA Child ID must not contain any non-alphanumeric characters'),
  rule('1510', 'UPN invalid (wrong check letter at character 1)'),
  rule('1520', 'More than one record with the same UPN'),
  rule('1530', 'UPN invalid (characters 2-4 not a recognised LA code)'),
  rule('1540', 'UPN invalid (characters 5-12 not all numeric)'),
  rule('1550', 'UPN invalid (character 13 not a recognised value)'),
  rule(
    '1560Q',
    'Former UPN wrongly formatted',
    'checked',
    'correct the former-upn column, or leave it blank',
  ),
  rule('8520', 'Date of Birth is after data collection period'),
  rule(
    '8525Q',
    'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    'checked',
    "record the child's date of birth (or the expected date for an unborn child) on the case",
  ),
  rule(
    '8530Q',
    'Expected Date of Birth is outside the expected range for this census',
    'checked',
    'if the baby has been born, record the birth on the case; if not, check the expected date',
  ),
  rule('8775Q', 'Child is over 25 years old', 'checked', "check the child's date of birth"),
  rule('4180', 'Sex must be provided and equal M, F, or U'),
  rule('8750', 'Sex must equal U for an unborn child'),
  rule(
    '2886Q',
    'Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    'checked',
    "give each child's sex (M or F) in the --children file",
  ),
  rule(
    '8770Q',
    'UPN is missing or reason UPN is missing or is UN1 for a child who is of school age',
    'checked',
    'give the UPN, or why it is unknown (UN2 to UN7), in the --children file',
  ),
  rule(
    '8772',
    'UPN unknown reason is UN7 but at least one CIN details is a referral going on to further action',
  ),
  // The child's characteristics.
  rule('4220', 'Ethnicity is missing or invalid'),
  rule('8540', "Child's disability is missing or invalid"),
  rule('8790', 'Disability information includes both None and other values'),
  rule('8794', 'Child has two or more disabilities with the same code'),
  rule(
    '2887Q',
    'Less than 8 disability codes have been used in your return',
    'checked',
    "check every child's disabilities were recorded, not only NONE",
  ),
  rule(
    '2888Q',
    'Only one disability code is recorded per child and multiple disabilities should be recorded where possible',
    'checked',
    'record every disability a child has, separated by ; in the --children file',
  ),
  // The episode (CINdetails).
  rule('8590', 'Child does not have a recorded CIN episode', {
    cannotApply: 'every Child cpcase writes has a CINdetails for each case it is known on',
  }),
  rule('8600', 'Child referral date missing or after data collection period'),
  rule('8866', 'Source of Referral is missing or an invalid code'),
  rule('8650', 'Primary Need Code invalid'),
  rule('8610', 'Primary Need code is missing for a referral which led to further action'),
  rule('8568', 'RNFA flag is missing or invalid', FURTHER_ACTION),
  rule(
    '8569Q',
    'A case with an earlier referral date must not be flagged as a no further action case',
    FURTHER_ACTION,
  ),
  rule(
    '8831',
    'Activity is recorded against a case marked as a referral with no further action',
    FURTHER_ACTION,
  ),
  rule('8832', 'Child Protection details provided for a referral with no further action', FURTHER_ACTION),
  rule('4000', 'CIN Plan details provided for a referral with no further action', NO_CIN_PLAN),
  rule('8640', 'CIN Reason for closure code invalid'),
  rule('8620', 'CIN Closure Date present and does not fall within the Census year'),
  rule('8630', 'CIN Closure Date is before CIN Referral Date for the same CIN episode'),
  rule('8805', 'A CIN case cannot have a CIN closure date without a Reason for Closure'),
  rule('8810', 'A CIN case cannot have a Reason for Closure without a CIN Closure Date'),
  rule('8815', 'More than one open CIN Details episode has been provided for this child'),
  rule('8816', 'An open CIN episode is shown but it is not the latest episode'),
  rule('8820', 'The dates on the CIN episodes for this child overlap'),
  rule('8565', 'Activity shown after a case has been closed'),
  rule('8606', 'Child referral date is more than 40 weeks before DOB or expected DOB'),
  rule('1104', 'The date of the initial child protection conference cannot be before the referral date'),
  rule('1105', 'The child protection plan start date cannot be before the referral date'),
  rule('2889', 'The S47 start date cannot be before the referral date'),
  rule('8868', 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed'),
  rule(
    '8585Q',
    'CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    'checked',
    'cpcase holds no date of death: add PersonDeathDate from the case system, or correct the closure reason',
  ),
  rule('2990', 'Activity is recorded against a case closed after assessment (RC8 or RC9)'),
  rule(
    '8825Q',
    'Reason for Closure RC8 or RC9 has been returned but there is no assessment present for the episode',
    'checked',
    NO_ASSESSMENT_ADVICE,
  ),
  rule(
    '2991Q',
    'A Section 47 module is recorded and there is no assessment on the episode',
    'checked',
    NO_ASSESSMENT_ADVICE,
  ),
  // Section 47 enquiries and initial conferences.
  rule('8615', 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the ICPC'),
  rule('8715', 'Date of Initial Child Protection Conference must fall within the census year'),
  rule(
    '8740',
    'A Section 47 Enquiry with no ICPC by the end of the census year must start within the census year',
  ),
  rule('8875', 'The Date of Initial Child Protection Conference cannot be a weekend'),
  rule(
    '8870Q',
    'The Target Date for Initial Child Protection Conference should not be a weekend',
    'checked',
    "the target falls at a weekend when the enquiry started at one: check the strategy discussion's date",
  ),
  rule(
    '8675Q',
    'S47 Enquiry started more than 15 working days before the year end, with no ICPC',
    'checked',
    'record the conference if it was held, a waiver if none was needed, or explain the delay to the DfE',
  ),
  rule('8890', 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing'),
  rule('8839', 'Within one CINDetails group there are 2 or more open S47 Assessments'),
  rule('2884', 'An ICPC is recorded at both the S47 and CIN Details level'),
  rule(
    '2885',
    'Child protection plan shown as starting a different day to the initial child protection conference',
  ),
  rule('2883', 'There are more child protection plans starting than initial conferences taking place'),
  // Child protection plans and reviews.
  rule('8720', 'Child Protection Plan Start Date missing or out of data collection period'),
  rule('8925', 'Child Protection Plan End Date earlier than Start Date'),
  rule('8840', 'Child Protection Plan cannot start and end on the same day'),
  rule('8930', 'Child Protection Plan End Date must fall within the census year'),
  rule('8905', 'Initial Category of Abuse code missing or invalid'),
  rule('8910', 'Latest Category of Abuse code missing or invalid'),
  rule('8730', 'Total Number of previous Child Protection Plans missing', {
    cannotApply: "cpcase counts NumberOfPreviousCPP from the child's plans and writes it on every plan",
  }),
  rule('8935', 'This child is showing more than one open Child Protection plan'),
  rule('8940', 'Child Protection Plan data contains overlapping dates'),
  rule('8841', 'The review date cannot be on the same day or before the Child protection Plan start date'),
  rule('8842Q', 'Review Record has a missing date', {
    cannotApply: 'each review cpcase writes is a held review conference, with its date',
  }),
  // Modules cpcase does not write.
  rule('1103', 'The assessment start date cannot be before the referral date', NO_ASSESSMENT),
  rule('8608', 'Assessment Start Date cannot be later than its End Date', NO_ASSESSMENT),
  rule(
    '8614',
    'Parental or child factors at assessment should only be present for a completed assessment',
    NO_ASSESSMENT,
  ),
  rule(
    '8670Q',
    'Assessment started more than 45 working days before the end of the census year',
    NO_ASSESSMENT,
  ),
  rule('8696', 'Assessment end date must fall within the census year', NO_ASSESSMENT),
  rule(
    '8736',
    'For an Assessment that has not been completed, the start date must fall within the census year',
    NO_ASSESSMENT,
  ),
  rule('8863Q', 'An Assessment is shown as starting when there is another Assessment ongoing', NO_ASSESSMENT),
  rule('8867', 'CIN episode is shown as closed, however Assessment is not shown as completed', NO_ASSESSMENT),
  rule(
    '8869',
    "The assessment factors code '21' cannot be used in conjunction with any other",
    NO_ASSESSMENT,
  ),
  rule(
    '8873Q',
    "Factors code '21' on the only assessment: reason for closure RC8 or RC9 should be used",
    NO_ASSESSMENT,
  ),
  rule('8896', 'Within one CINDetails group there are 2 or more open Assessments groups', NO_ASSESSMENT),
  rule(
    '8897Q',
    'Parental or child factors at assessment information is missing from a completed assessment',
    NO_ASSESSMENT,
  ),
  rule(
    '8898',
    'The assessment has more than one parental or child factors with the same code',
    NO_ASSESSMENT,
  ),
  rule('8945Q', "The assessment factors code '18A' should not be used", NO_ASSESSMENT),
  rule('8950Q', "The assessment factors code '19A' should not be used", NO_ASSESSMENT),
  rule('4001', 'A CIN Plan cannot run concurrently with a Child Protection Plan', NO_CIN_PLAN),
  rule('4003', 'A CPP review date is shown as being held at the same time as an open CIN Plan', NO_CIN_PLAN),
  rule('4004', 'This child is showing more than one open CIN Plan', NO_CIN_PLAN),
  rule('4008', "CIN Plan shown as starting after the child's Date of Death", NO_CIN_PLAN),
  rule('4009Q', "CIN Plan cannot end after the child's Date of Death", NO_CIN_PLAN),
  rule('4010', 'CIN Plan start date is missing or out of data collection period', NO_CIN_PLAN),
  rule('4011', 'CIN Plan End Date earlier than Start Date', NO_CIN_PLAN),
  rule('4012Q', 'CIN Plan shown as starting and ending on the same day', NO_CIN_PLAN),
  rule('4013', 'CIN Plan end date must fall within the census year', NO_CIN_PLAN),
  rule('4014', 'CIN Plan data contains overlapping dates', NO_CIN_PLAN),
  rule('4015', 'The CIN Plan start date cannot be before the referral date', NO_CIN_PLAN),
  rule(
    '4016',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan',
    NO_CIN_PLAN,
  ),
  rule(
    '4017',
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan',
    NO_CIN_PLAN,
  ),
  rule('8535Q', "Child's date of death should not be prior to the date of birth", NO_DEATH),
  rule('8545Q', "Child's date of death should be within the census year", NO_DEATH),
  rule('8555Q', 'Child cannot be referred after its recorded date of death', NO_DEATH),
  rule('8915', "Child Protection Plan shown as starting after the child's Date of Death", NO_DEATH),
  rule('8920', "Child Protection Plan cannot end after the child's Date of Death", NO_DEATH),
];

export const isQuery = (code: string): boolean => code.endsWith('Q');

/** The DfE's words for a rule, as its list gives them. */
export const ruleSays = (code: string): string =>
  CIN_RULES_2025_26.find((r) => r.code === code)?.says ?? `rule ${code}`;
