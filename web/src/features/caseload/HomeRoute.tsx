import { Navigate } from 'react-router';
import { useCurrentUser } from '../../app/session';
import HomePage from '../home/HomePage';

/** A peer's home is their day (issue 4); every other role keeps the shared home page. */
export default function HomeRoute() {
  const me = useCurrentUser();
  if (me.role === 'peer') return <Navigate to="/caseload" replace />;
  return <HomePage />;
}
