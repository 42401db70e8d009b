import { lazy, type ComponentType } from 'react';
import { loadTextPart } from './i18n';
import { preloadable } from './preloadable';
import type { Role } from './session';

/**
 * The one table of signed-in pages. Adding a page is one entry here (and its title in both
 * language files): the router, the navigation, the role check and the "coming soon" placeholder
 * all read from it.
 */
export interface AppPage {
  /** Stable id; also the translation key of its title: `nav.<id>`. */
  id: string;
  path: string;
  /** Who may open it; the server enforces the same rule. Absent: every role. */
  roles?: readonly Role[];
  /** Only instance operators (whatever their role): pages that change the shared directory. */
  operator?: true;
  /** Where the page appears in the navigation; `none` keeps it out of the menu. */
  nav: 'main' | 'modules' | 'admin' | 'none';
  /** The screen (every page in the navigation is built: no placeholder screens). */
  component: ComponentType;
}

// A peer's home is their day (issue 4); other roles get the shared home page.
const HomeRoute = lazy(() => import('../features/caseload/HomeRoute'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));
const ParticipantsPage = lazy(() => import('../features/participants/ParticipantsPage'));
const IntakePage = lazy(() => import('../features/participants/IntakePage'));
const ParticipantDetailPage = lazy(() => import('../features/participants/ParticipantDetailPage'));
const PeersPage = lazy(() => import('../features/peers/PeersPage'));
const MyPeerProfilePage = lazy(() => import('../features/peers/MyPeerProfilePage'));
const PeerDetailPage = lazy(() => import('../features/peers/PeerDetailPage'));
const MatchPage = lazy(() => import('../features/matching/MatchPage'));
const WaitlistPage = lazy(() => import('../features/matching/WaitlistPage'));
const RetentionPage = lazy(() => import('../features/matching/RetentionPage'));
const MatchSettingsPage = lazy(() => import('../features/matching/MatchSettingsPage'));
const ScheduleSettingsPage = lazy(() => import('../features/outcomes/ScheduleSettingsPage'));
// Preloaded when the server sent a peer's day (main.tsx): the app takes over without a loader.
export const MyDayPage = preloadable<object>(() => import('../features/caseload/MyDayPage'));
const EncounterPage = lazy(() => import('../features/caseload/EncounterPage'));
const ReviewQueuePage = lazy(() => import('../features/caseload/ReviewQueuePage'));
const NotesPage = lazy(() => import('../features/caseload/NotesPage'));
const PlanPage = lazy(() => import('../features/caseload/PlanPage'));
const PayersPage = lazy(() => import('../features/billing/PayersPage'));
const ClaimsPage = lazy(() => import('../features/billing/ClaimsPage'));
const CoveragePage = lazy(() => import('../features/billing/CoveragePage'));
const RecordAccessPage = lazy(() => import('../features/participants/RecordAccessPage'));
const DirectoryPage = lazy(() => import('../features/directory/DirectoryPage'));
const ServicePage = lazy(() => import('../features/directory/ServicePage'));
// The operator's pages come with their texts (i18n/operator.*.json), kept out of the language file.
const withOperatorTexts = <T,>(page: () => Promise<T>) => () => Promise.all([page(), loadTextPart('operator')]).then(([loaded]) => loaded);
const DirectoryImportPage = lazy(withOperatorTexts(() => import('../features/directory/DirectoryImportPage')));
const DirectoryNeedsPage = lazy(withOperatorTexts(() => import('../features/directory/DirectoryNeedsPage')));
const ReferralsPage = lazy(() => import('../features/referrals/ReferralsPage'));
const NewReferralPage = lazy(() => import('../features/referrals/NewReferralPage'));
const ReferralDetailPage = lazy(() => import('../features/referrals/ReferralDetailPage'));
const ReferralReportPage = lazy(() => import('../features/referrals/ReferralReportPage'));
const OutcomesReportPage = lazy(() => import('../features/outcomes/OutcomesReportPage'));
const AssessmentEntryPage = lazy(() => import('../features/outcomes/AssessmentEntryPage'));
const InstrumentsPage = lazy(() => import('../features/outcomes/InstrumentsPage'));
const IntakeQueuePage = lazy(() => import('../features/portal/IntakeQueuePage'));
const PublicPageSettingsPage = lazy(() => import('../features/portal/PublicPageSettingsPage'));
const MyWorkPage = lazy(() => import('../features/workforce/MyWorkPage'));
const TeamWorkforcePage = lazy(() => import('../features/workforce/TeamWorkforcePage'));
const PipelineBoardPage = lazy(() => import('../features/workforce/PipelineBoardPage'));
const RegistryPage = lazy(() => import('../features/registry/RegistryPage'));

export const pages: readonly AppPage[] = [
  { id: 'home', path: '/', nav: 'main', component: HomeRoute },
  { id: 'caseload', path: '/caseload', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: MyDayPage },
  { id: 'logSession', path: '/caseload/log', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: EncounterPage },
  { id: 'encounter', path: '/caseload/encounters/:id', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: EncounterPage },
  { id: 'reviewQueue', path: '/review-queue', nav: 'modules', roles: ['supervisor', 'admin'], component: ReviewQueuePage },
  { id: 'notes', path: '/notes', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: NotesPage },
  { id: 'recoveryPlan', path: '/participants/:id/plan', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: PlanPage },
  { id: 'coverage', path: '/participants/:id/coverage', nav: 'none', roles: ['admin'], component: CoveragePage },
  { id: 'participantAccess', path: '/participants/:id/access', nav: 'none', roles: ['admin'], component: RecordAccessPage },
  { id: 'participants', path: '/participants', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: ParticipantsPage },
  { id: 'participantIntake', path: '/participants/new', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: IntakePage },
  { id: 'participant', path: '/participants/:id', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: ParticipantDetailPage },
  { id: 'participantMatches', path: '/participants/:id/matches', nav: 'none', roles: ['supervisor', 'admin'], component: MatchPage },
  // A peer opening "Peers" gets their own profile (PeersPage); staff get the list.
  { id: 'peers', path: '/peers', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: PeersPage },
  { id: 'peerProfile', path: '/peers/me', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: MyPeerProfilePage },
  { id: 'peer', path: '/peers/:id', nav: 'none', roles: ['supervisor', 'admin'], component: PeerDetailPage },
  { id: 'intakeQueue', path: '/intake-queue', nav: 'modules', roles: ['supervisor', 'admin'], component: IntakeQueuePage },
  { id: 'matching', path: '/matching', nav: 'modules', roles: ['supervisor', 'admin'], component: WaitlistPage },
  { id: 'matchQuality', path: '/matching/quality', nav: 'modules', roles: ['supervisor', 'analyst', 'admin'], component: RetentionPage },
  { id: 'directory', path: '/directory', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: DirectoryPage },
  { id: 'directoryImport', path: '/directory/import', nav: 'none', operator: true, component: DirectoryImportPage },
  { id: 'directoryNeeds', path: '/directory/needs', nav: 'none', operator: true, component: DirectoryNeedsPage },
  { id: 'directoryService', path: '/directory/services/:id', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: ServicePage },
  { id: 'referrals', path: '/referrals', nav: 'modules', roles: ['peer', 'supervisor', 'admin'], component: ReferralsPage },
  { id: 'referralReport', path: '/referrals/reports', nav: 'modules', roles: ['supervisor', 'analyst', 'admin'], component: ReferralReportPage },
  { id: 'referralNew', path: '/referrals/new', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: NewReferralPage },
  { id: 'referral', path: '/referrals/:id', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: ReferralDetailPage },
  { id: 'outcomes', path: '/outcomes', nav: 'modules', roles: ['supervisor', 'analyst', 'admin'], component: OutcomesReportPage },
  { id: 'assessmentNew', path: '/participants/:id/assessments/new', nav: 'none', roles: ['peer', 'supervisor', 'admin'], component: AssessmentEntryPage },
  { id: 'registry', path: '/registry', nav: 'modules', roles: ['analyst', 'admin'], component: RegistryPage },
  { id: 'workforce', path: '/workforce', nav: 'modules', roles: ['supervisor', 'analyst', 'admin'], component: TeamWorkforcePage },
  { id: 'myWork', path: '/my-work', nav: 'modules', roles: ['peer'], component: MyWorkPage },
  { id: 'certification', path: '/certification', nav: 'modules', roles: ['supervisor', 'admin'], component: PipelineBoardPage },
  { id: 'users', path: '/admin/users', nav: 'admin', roles: ['admin'], component: UsersPage },
  { id: 'publicPage', path: '/admin/public-page', nav: 'admin', roles: ['admin'], component: PublicPageSettingsPage },
  { id: 'audit', path: '/admin/audit', nav: 'admin', roles: ['admin'], component: AuditPage },
  { id: 'matchSettings', path: '/admin/matching', nav: 'admin', roles: ['admin'], component: MatchSettingsPage },
  { id: 'payers', path: '/admin/payers', nav: 'admin', roles: ['admin'], component: PayersPage },
  { id: 'claims', path: '/admin/claims', nav: 'admin', roles: ['admin'], component: ClaimsPage },
  { id: 'instruments', path: '/admin/instruments', nav: 'admin', roles: ['admin'], component: InstrumentsPage },
  { id: 'assessmentSchedules', path: '/admin/assessment-schedules', nav: 'admin', roles: ['admin'], component: ScheduleSettingsPage },
  { id: 'profile', path: '/profile', nav: 'none', component: ProfilePage },
];

/** Links that leave the app (opened in the same tab). */
export const externalAdminLinks = [{ id: 'apiDocs', href: '/api/v1/docs', roles: ['admin'] as const }];

export function canOpen(page: Pick<AppPage, 'roles'>, role: Role): boolean {
  return !page.roles || page.roles.includes(role);
}
